namespace MailHub.Core.Live;

/// <summary>
/// The cluster's one fan-out point (key 0): every node subscribes its <see cref="ILiveNodeObserver"/> and renews
/// the subscription periodically (observers are not durable); publishers hand it pushes after their change committed.
/// </summary>
[Alias("MailHub.Core.Live.ILiveFanOutGrain")]
public interface ILiveFanOutGrain : IGrainWithIntegerKey
{
    /// <summary>Subscribes or renews; the answer tells the node whether it may have missed batches.</summary>
    [Alias("Subscribe")]
    Task<LivePosition> SubscribeAsync(ILiveNodeObserver node);

    [Alias("Unsubscribe")]
    Task UnsubscribeAsync(ILiveNodeObserver node);

    /// <summary>Sends the pushes, as one numbered batch, to every subscribed node.</summary>
    [Alias("Publish")]
    Task PublishAsync(LivePush[] pushes);
}
