namespace MailHub.Channels.Mailboxes;

/// <summary>How a pulled mailbox's sync learns of new mail.</summary>
internal static class WaitModes
{
    /// <summary>IMAP IDLE (RFC 2177): the server tells of new mail as it arrives.</summary>
    public const string Idle = "idle";

    /// <summary>The sync asks every MailHub:Sync:PollInterval (POP3, and IMAP servers without IDLE).</summary>
    public const string Polling = "polling";
}
