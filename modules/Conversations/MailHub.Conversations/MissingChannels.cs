using MailHub.Channels.Contracts;

namespace MailHub.Conversations;

/// <summary>
/// Stand-ins for the Channels services this module uses, registered only when the host has none (Channels
/// registers the real ones): no mailboxes, no stored mail, no outbox.
/// </summary>
internal sealed class MissingChannels : IMailboxDirectory, IInboundMessages, IOutbox
{
    public Task<MailboxInfo?> FindAsync(Guid mailboxId, CancellationToken cancellationToken = default) => Task.FromResult<MailboxInfo?>(null);

    public Task<Stream?> OpenRawAsync(Guid inboundMessageId, CancellationToken cancellationToken = default) => Task.FromResult<Stream?>(null);

    public Task<Guid> EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("No outbox is running: add the Channels module to the host.");

    public Task<Guid> EnqueueAsync(Npgsql.NpgsqlTransaction transaction, OutboundMessage message, CancellationToken cancellationToken = default) =>
        EnqueueAsync(message, cancellationToken);
}
