using Orleans.Concurrency;

namespace MailHub.Core.Live;

/// <summary>
/// A node, as grains see it: where pushes for its consoles go. One-way: a grain never waits on a node (a dead one
/// would hold it up until declared dead); what gets lost shows as a gap in the batch numbers or a lapsed subscription.
/// </summary>
[Alias("MailHub.Core.Live.ILiveNodeObserver")]
public interface ILiveNodeObserver : IGrainObserver
{
    /// <summary>A batch for every console of the node (each push still filtered by who may see it).</summary>
    [OneWay, Alias("Broadcast")]
    Task BroadcastAsync(LiveBatch batch);

    /// <summary>A push for the consoles of one agent (<see cref="LivePush.AgentId"/>) on this node.</summary>
    [OneWay, Alias("Push")]
    Task PushAsync(LivePush push);
}
