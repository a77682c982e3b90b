using MailHub.Mail.Mime;

namespace MailHub.Channels.Sandbox;

/// <summary>A captured message in the list: its envelope and the fields QA filters on.</summary>
/// <param name="ReceivedAt">The same as CapturedAt, for scripts that read the inbound list and the sandbox alike.</param>
internal sealed record SandboxMessageItem(
    Guid Id,
    DateTimeOffset CapturedAt,
    DateTimeOffset ReceivedAt,
    Guid? MailboxId,
    Guid? OutboxId,
    string MailFrom,
    IReadOnlyList<string> RcptTo,
    string? From,
    string? To,
    string? Subject,
    string? MessageId,
    string? InReplyTo,
    long Size,
    IReadOnlyList<string> Tags,
    bool Read,
    bool HasAttachments)
{
    public static SandboxMessageItem Of(SandboxListItem m) => new(
        m.Id, m.CapturedAt, m.CapturedAt, m.MailboxId, m.OutboxId, m.MailFrom, m.RcptTo, m.From, m.To, m.Subject, m.MessageId, m.InReplyTo, m.Size,
        m.Tags, m.ReadAt is not null, m.HasAttachments);
}

/// <summary>A page of captured messages, newest first; pass Next back as cursor (null on the last page).</summary>
internal sealed record SandboxPage(IReadOnlyList<SandboxMessageItem> Items, long Total, string? Next);

/// <summary>The SMTP envelope a captured message would have been sent with.</summary>
internal sealed record SandboxEnvelope(string MailFrom, IReadOnlyList<string> RcptTo);

/// <summary>
/// One captured message: where it came from, its envelope, and the message as a person reads it, in the fields of
/// <see cref="MessageReading"/> (the `mailhub parse` schema).
/// </summary>
internal sealed record SandboxMessageResponse(
    Guid Id,
    DateTimeOffset CapturedAt,
    Guid? MailboxId,
    Guid? OutboxId,
    long Size,
    SandboxEnvelope Envelope,
    string? MessageId,
    IReadOnlyList<string> InReplyTo,
    IReadOnlyList<string> References,
    string? Subject,
    string? Date,
    IReadOnlyList<AddressReading> From,
    IReadOnlyList<AddressReading> To,
    IReadOnlyList<AddressReading> Cc,
    IReadOnlyList<AddressReading> ReplyTo,
    string? Text,
    string? Html,
    IReadOnlyList<AttachmentReading> Attachments,
    IReadOnlyList<string> Tags)
{
    public static SandboxMessageResponse Of(SandboxListItem m, MessageReading r) => new(
        m.Id, m.CapturedAt, m.MailboxId, m.OutboxId, m.Size, new SandboxEnvelope(m.MailFrom, m.RcptTo),
        r.MessageId, r.InReplyTo, r.References, r.Subject, r.Date, r.From, r.To, r.Cc, r.ReplyTo, r.Text, r.Html, r.Attachments, m.Tags);
}

/// <summary>How many captured messages were deleted.</summary>
internal sealed record SandboxDeleted(int Deleted);
