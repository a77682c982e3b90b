namespace MailHub.Channels.Contracts;

/// <summary>
/// Told of every message put in the outbox (after its row is written, before the caller's transaction commits), e.g. so
/// Campaigns' per-mailbox pace counts agents' replies and a campaign never takes their share. Must not block or throw.
/// </summary>
public interface IOutboxObserver
{
    void Enqueued(OutboundMessage message);
}
