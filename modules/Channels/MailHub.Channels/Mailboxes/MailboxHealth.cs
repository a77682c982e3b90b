namespace MailHub.Channels.Mailboxes;

/// <summary>
/// How a mailbox is doing beyond its status: how its sync waits for new mail ("idle" for IMAP IDLE, "polling"; null
/// before its first connection and for relay and sandbox mailboxes), the messages it found on the server and has still to
/// import, the mail it received in the last 24 hours, and its send/receive check: notVerified (no test mail sent),
/// waitingForReply (sent, no reply yet) or verified.
/// </summary>
internal sealed record MailboxHealth(string? WaitMode, int Backlog, long MessagesLast24Hours, string Verification)
{
    public const string NotVerified = "notVerified";
    public const string WaitingForReply = "waitingForReply";
    public const string Verified = "verified";

    public static readonly MailboxHealth None = new(null, 0, 0, NotVerified);
}
