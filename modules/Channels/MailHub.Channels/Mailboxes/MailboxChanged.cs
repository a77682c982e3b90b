namespace MailHub.Channels.Mailboxes;

/// <summary>The "mailbox" push: the mailbox's settings or health changed (or it was deleted); read it again.</summary>
internal sealed record MailboxChanged(Guid MailboxId);
