namespace MailHub.Channels.Contracts;

/// <summary>
/// A message arrived (SMTP listener today; mailbox sync later) and is stored: its raw bytes are in
/// <c>channels.raw_messages</c> under <see cref="Sha256"/>. Appended to the stream
/// <c>inbound-{InboundMessageId}</c> in the same transaction as the stored message.
/// </summary>
/// <param name="MailboxId">The mailbox that claimed the first recipient, or null (an accepted domain).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the content as the sender sent it (without our Received field).</param>
/// <param name="Malformed">The header could not be read cleanly; the message is stored as it came.</param>
/// <param name="IsReply">It names earlier messages (In-Reply-To or References); null in events written before this was recorded.</param>
public sealed record MessageReceived(
    Guid InboundMessageId,
    Guid? MailboxId,
    string Sha256,
    string? MessageId,
    DateTimeOffset ReceivedAt,
    string MailFrom,
    IReadOnlyList<string> RcptTo,
    string? Subject,
    long Size,
    bool Malformed,
    bool? IsReply = null)
{
    public const string EventType = "channels.message-received";

    public static string StreamOf(Guid inboundMessageId) => $"inbound-{inboundMessageId}";
}
