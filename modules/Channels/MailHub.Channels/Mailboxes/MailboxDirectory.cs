using MailHub.Channels.Contracts;

namespace MailHub.Channels.Mailboxes;

/// <summary>What other modules may know of a mailbox (IMailboxDirectory).</summary>
internal sealed class MailboxDirectory(MailboxStore store) : IMailboxDirectory
{
    public async Task<MailboxInfo?> FindAsync(Guid mailboxId, CancellationToken cancellationToken = default) =>
        await store.FindAsync(mailboxId, cancellationToken) is { } m
            ? new MailboxInfo(m.Id, m.Name, m.Address, m.DisplayName, m.IsSandbox, m.Config.AllowPlusAddressing, m.Config.SubjectTokens,
                m.Provider)
            : null;
}
