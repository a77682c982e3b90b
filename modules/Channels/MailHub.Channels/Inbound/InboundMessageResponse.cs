using MailHub.Mail.Mime;

namespace MailHub.Channels.Inbound;

/// <summary>
/// One received message: what the listener stored (size, sha256, problems), its SMTP envelope, and the message as a
/// person reads it, in the fields of <see cref="MessageReading"/> (the `mailhub parse` schema).
/// </summary>
/// <param name="Problems">Why the message was flagged malformed, or null.</param>
/// <param name="Date">The Date field as written, normalised to yyyy-MM-ddTHH:mm:ss±hh:mm, or null.</param>
internal sealed record InboundMessageResponse(
    Guid Id,
    long Size,
    string Sha256,
    bool Malformed,
    string? Problems,
    InboundEnvelope Envelope,
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
    IReadOnlyList<AttachmentReading> Attachments)
{
    public static InboundMessageResponse Of(InboundDetail detail, MessageReading r) => new(
        detail.Id, detail.Size, detail.Sha256, detail.Malformed, detail.Problems, detail.Envelope,
        r.MessageId, r.InReplyTo, r.References, r.Subject, r.Date, r.From, r.To, r.Cc, r.ReplyTo, r.Text, r.Html, r.Attachments);
}
