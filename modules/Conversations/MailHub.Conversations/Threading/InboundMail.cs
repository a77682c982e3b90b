using System.Text.Json;
using MailHub.Conversations.Html;
using MailHub.Mail.Mime;

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

    public static InboundMail From(MimeMessage message, string envelopeFrom, DateTimeOffset receivedAt)
    {
        var from = message.From.FirstOrDefault() ?? message.Sender.FirstOrDefault();
        var fromAddress = from?.Address ?? (string.IsNullOrEmpty(envelopeFrom) ? "mailer-daemon@unknown" : envelopeFrom);
        var html = message.HtmlBody;
        var text = message.TextBody ?? (html is null ? "" : HtmlText.From(html));
        var attachments = message.Attachments.Select((a, index) => new AttachmentInfo(
            index, a.FileName ?? $"attachment-{index + 1}", a.ContentType, a.Size, a.ContentId, a.Inline)).ToList();
        var date = message.Date is { } sent && sent <= receivedAt.AddDays(1) ? sent : receivedAt;
        return new InboundMail(
            message.MessageId, message.InReplyTo, message.References, fromAddress.Trim(), from?.Name,
            message.ReplyTo.FirstOrDefault()?.Address, Join(message.To), Join(message.Cc), message.Subject?.Trim() ?? "",
            text, html, date.ToUniversalTime(), AutomaticMail.ReasonOf(message.Headers, message.MessageId),
            JsonSerializer.Serialize(attachments, AttachmentInfo.Json));
    }

    private static string Join(IReadOnlyList<MailboxAddress> addresses) => string.Join(", ", addresses.Select(a => a.ToString()));
}

/// <summary>An attachment as listed on a message row; <see cref="Index"/> is its place in MimeMessage.Attachments.</summary>
internal sealed record AttachmentInfo(int Index, string FileName, string ContentType, long Size, string? ContentId, bool Inline)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
