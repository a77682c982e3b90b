using Npgsql;

namespace MailHub.Channels.Contracts;

/// <summary>
/// Mail to send through a mailbox: stored first, then delivered through the mailbox's SMTP (or
/// captured in the sandbox). Delivery is at least once and keeps the Message-ID, so a retry after a
/// crash is recognisable; the outcome comes back as <see cref="OutboundDelivered"/> or <see cref="OutboundFailed"/>.
/// </summary>
public interface IOutbox
{
    /// <summary>Enqueues in a transaction of its own. Idempotent on (MailboxId, MessageId): returns the existing id.</summary>
    Task<Guid> EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Enqueues inside the caller's transaction, so the caller's change (a reply composed) and the
    /// outbox row commit together: no reply is lost, and none is queued twice.
    /// </summary>
    Task<Guid> EnqueueAsync(NpgsqlTransaction transaction, OutboundMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Enqueues several messages inside the caller's transaction with one statement (a campaign's batch); the ids in the
    /// order of <paramref name="messages"/>. Idempotent like <see cref="EnqueueAsync(NpgsqlTransaction, OutboundMessage, CancellationToken)"/>.
    /// </summary>
    Task<IReadOnlyList<Guid>> EnqueueAsync(NpgsqlTransaction transaction, IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken = default);

    /// <summary>
    /// Withdraws a message held back by <see cref="OutboundMessage.NotBefore"/> (an agent's undo), inside the caller's
    /// transaction: true when it will never be sent; false when its time came and a worker took it, or it was sent.
    /// </summary>
    Task<bool> WithdrawAsync(NpgsqlTransaction transaction, Guid outboundId, CancellationToken cancellationToken = default);
}

/// <param name="MessageId">The Message-ID inside <paramref name="Content"/>, without angle brackets.</param>
/// <param name="MailFrom">The envelope sender (MAIL FROM).</param>
/// <param name="Recipients">The envelope recipients (RCPT TO), Bcc included.</param>
/// <param name="Content">The whole message as written by the MIME writer (CRLF line ends).</param>
/// <param name="CorrelationId">The sender's own reference (e.g. the conversation message id), echoed in the outcome events.</param>
/// <param name="NotBefore">Held until then: the row's due time, so after a crash any node sends it, once. Null: at once.</param>
/// <param name="Bulk">Bulk mail (a campaign's): sent after every other due message, on fewer than all of a mailbox's sessions.</param>
public sealed record OutboundMessage(
    Guid MailboxId, string MessageId, string MailFrom, IReadOnlyList<string> Recipients, ReadOnlyMemory<byte> Content, string? CorrelationId,
    DateTimeOffset? NotBefore = null, bool Bulk = false);

/// <summary>Every recipient accepted the message (or it was captured in the sandbox). Stream <c>outbound-{OutboundId}</c>.</summary>
public sealed record OutboundDelivered(Guid OutboundId, Guid MailboxId, string MessageId, string? CorrelationId, DateTimeOffset At)
{
    public const string EventType = "channels.outbound-delivered";

    public static string StreamOf(Guid outboundId) => $"outbound-{outboundId}";
}

/// <summary>
/// Delivery failed: <paramref name="Permanent"/> for a 5xx or after the retries ran out; otherwise a
/// temporary failure that will be retried. Stream <c>outbound-{OutboundId}</c>.
/// </summary>
/// <param name="Status">The SMTP reply code and enhanced status, e.g. "550 5.1.1".</param>
/// <param name="Detail">What the server said, or what went wrong, in words a person can act on.</param>
public sealed record OutboundFailed(
    Guid OutboundId, Guid MailboxId, string MessageId, string? CorrelationId, string Status, string Detail, bool Permanent, DateTimeOffset At)
{
    public const string EventType = "channels.outbound-failed";
}
