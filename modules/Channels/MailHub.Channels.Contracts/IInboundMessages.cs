namespace MailHub.Channels.Contracts;

/// <summary>The raw bytes of a stored inbound message.</summary>
public interface IInboundMessages
{
    /// <summary>The message exactly as received (with our Received: field), or null when there is no such message.</summary>
    Task<Stream?> OpenRawAsync(Guid inboundMessageId, CancellationToken cancellationToken = default);
}
