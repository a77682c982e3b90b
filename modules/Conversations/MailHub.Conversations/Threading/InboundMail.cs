using System.Text.Json;
using MailHub.Conversations.Html;
using MailHub.Mail.Mime;
using MimeKit;

namespace MailHub.Conversations.Threading;

/// <summary>What threading and the read model need of a parsed inbound message.</summary>
internal sealed record InboundMail(
    string? MessageId, IReadOnlyList<string> InReplyTo, IReadOnlyList<string> References, string FromAddress, string? FromName,
    string? ReplyTo, string To, string Cc, string Subject, string Text, string? Html, DateTimeOffset Date, string? AutomaticReason,
    string AttachmentsJson)
{
    public bool Automatic => AutomaticReason is not null;

    /// <summary>In-Reply-To first, then References from the newest back.</summary>
    public IEnumerable<string> ThreadIds => InReplyTo.Concat(References.Reverse()).Distinct(StringComparer.Ordinal);

    public static InboundMail From(LoadedMail mail, string envelopeFrom, DateTimeOffset receivedAt)
    {
        var message = mail.Message;
        var from = message.From.Mailboxes.FirstOrDefault() ?? message.Sender;
        var fromAddress = from?.Address ?? (string.IsNullOrEmpty(envelopeFrom) ? "mailer-daemon@unknown" : envelopeFrom);
        var html = mail.HtmlBody;
        var text = mail.TextBody ?? (html is null ? "" : HtmlText.From(html));
        var attachments = mail.Attachments.Select((a, index) => new AttachmentInfo(
            index, PartContent.FileName(a) ?? $"attachment-{index + 1}", PartContent.MediaType(a), PartContent.Measure(a).Size,
            PartContent.ContentId(a), string.Equals(a.ContentDisposition?.Disposition, ContentDisposition.Inline, StringComparison.OrdinalIgnoreCase))).ToList();
        var sent = mail.Date;
        var date = sent is { } d && d <= receivedAt.AddDays(1) ? d : receivedAt;
        return new InboundMail(
            message.MessageId, Mail.Mime.ThreadIds.InReplyTo(message), Mail.Mime.ThreadIds.References(message), fromAddress.Trim(), string.IsNullOrEmpty(from?.Name) ? null : from.Name,
            message.ReplyTo.Mailboxes.FirstOrDefault()?.Address, Join(message.To), Join(message.Cc), message.Subject?.Trim() ?? "",
            text, html, date.ToUniversalTime(), AutomaticMail.ReasonOf(message.Headers, message.MessageId),
            JsonSerializer.Serialize(attachments, AttachmentInfo.Json));
    }

    private static string Join(InternetAddressList addresses) => string.Join(", ", addresses.Mailboxes.Select(a => a.ToString()));
}

/// <summary>An attachment as listed on a message row; <see cref="Index"/> is its place in LoadedMail.Attachments.</summary>
internal sealed record AttachmentInfo(int Index, string FileName, string ContentType, long Size, string? ContentId, bool Inline)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
