// Stand-ins for MailHub.Channels.Contracts until the Channels module reaches main; deleted on merge.
namespace MailHub.Channels.Contracts;

internal interface IOutbox
{
    Task<Guid> EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken = default);

    Task<Guid> EnqueueAsync(Npgsql.NpgsqlTransaction transaction, OutboundMessage message, CancellationToken cancellationToken = default);
}

internal sealed record OutboundMessage(Guid MailboxId, string MessageId, string MailFrom, IReadOnlyList<string> Recipients, ReadOnlyMemory<byte> Content, string? CorrelationId);

internal sealed record OutboundDelivered(Guid OutboundId, Guid MailboxId, string MessageId, string? CorrelationId, DateTimeOffset At)
{
    public const string EventType = "channels.outbound-delivered";
}

internal sealed record OutboundFailed(Guid OutboundId, Guid MailboxId, string MessageId, string? CorrelationId, string Status, string Detail, bool Permanent, DateTimeOffset At)
{
    public const string EventType = "channels.outbound-failed";
}

internal interface IMailboxDirectory
{
    Task<MailboxInfo?> FindAsync(Guid mailboxId, CancellationToken cancellationToken = default);
}

internal sealed record MailboxInfo(Guid Id, string Name, string Address, string? DisplayName, bool IsSandbox, bool AllowPlusAddressing, bool SubjectTokens);

internal interface IInboundMessages
{
    Task<Stream?> OpenRawAsync(Guid inboundMessageId, CancellationToken cancellationToken = default);
}

internal sealed record MessageReceived(
    Guid InboundMessageId, Guid? MailboxId, string Sha256, string? MessageId, DateTimeOffset ReceivedAt,
    string MailFrom, IReadOnlyList<string> RcptTo, string? Subject, long Size, bool Malformed)
{
    public const string EventType = "channels.message-received";

    public static string StreamOf(Guid inboundMessageId) => $"inbound-{inboundMessageId}";
}
