namespace MailHub.Channels.Contracts;

/// <summary>What other modules may know of a connected mailbox.</summary>
public interface IMailboxDirectory
{
    Task<MailboxInfo?> FindAsync(Guid mailboxId, CancellationToken cancellationToken = default);
}

/// <param name="AllowPlusAddressing">Replies may carry a token in a plus address (<c>support+token@...</c>).</param>
/// <param name="SubjectTokens">Replies carry a subject token such as <c>[#1234]</c>.</param>
/// <param name="Provider">The provider preset the mailbox was set up with (qq, exmail, 163, gmail, ..., other, sandbox).</param>
public sealed record MailboxInfo(
    Guid Id, string Name, string Address, string? DisplayName, bool IsSandbox, bool AllowPlusAddressing, bool SubjectTokens,
    string Provider = "other");
