using System.Globalization;
using System.Net;
using System.Text;
using MailHub.Channels.Contracts;
using MailHub.Conversations.Reading;
using MailHub.Mail.Outgoing;
using MimeKit;

namespace MailHub.Conversations.Replies;

/// <summary>
/// A message of the conversation forwarded to someone else: its own thread (no In-Reply-To: the recipient never saw the
/// original), its own subject ("Fwd:", or "转发:" for a Chinese subject), the original quoted below the agent's words with
/// its attachments, or attached whole as message/rfc822. Reply-To carries the conversation's token, so an answer comes
/// back to the conversation.
/// </summary>
internal static class ForwardMail
{
    public static MimeMessage Compose(MailboxInfo mailbox, ListedConversation summary, StoredMessage original, MimeMessage? originalMail,
        ReplyRequest request, IReadOnlyList<Upload> files, string messageId, DateTimeOffset date)
    {
        var from = ReplyMail.From(mailbox);
        var chinese = IsChinese(original.Subject ?? summary.Subject);
        var message = new MimeMessage
        {
            Subject = ForwardSubject(original.Subject ?? summary.Subject, chinese),
            MessageId = messageId,
            Date = date,
        };
        message.From.Add(from);
        message.To.AddRange((request.To ?? []).Select(AddrSpec.Parse));
        message.Cc.AddRange((request.Cc ?? []).Select(AddrSpec.Parse));
        message.Bcc.AddRange((request.Bcc ?? []).Select(AddrSpec.Parse));
        ReplyMail.AddReplyTo(message, mailbox, summary, from);

        var inline = !request.AttachOriginal || originalMail is null;
        var header = Header(original, chinese);
        var body = new BodyBuilder
        {
            TextBody = (request.Text ?? "") + (inline ? "\n\n" + header + "\n\n" + (original.Text ?? "") : ""),
        };
        if (!string.IsNullOrWhiteSpace(request.Html) || original.Html is not null)
        {
            var html = request.Html ?? WebUtility.HtmlEncode(request.Text ?? "").Replace("\n", "<br>", StringComparison.Ordinal);
            body.HtmlBody = html + (inline
                ? $"<br><br><div>{WebUtility.HtmlEncode(header).Replace("\n", "<br>", StringComparison.Ordinal)}</div><br>"
                  + (original.Html ?? WebUtility.HtmlEncode(original.Text ?? "").Replace("\n", "<br>", StringComparison.Ordinal))
                : "");
        }
        ReplyMail.Attach(body, files);
        if (originalMail is not null)
        {
            if (inline)
            {
                foreach (var attachment in originalMail.Attachments)
                    body.Attachments.Add(attachment);
            }
            else
            {
                var part = new MessagePart { Message = originalMail };
                part.ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) { FileName = "original.eml" };
                body.Attachments.Add(part);
            }
        }
        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary>"Fwd: " (or "转发: ") once before the original subject.</summary>
    public static string ForwardSubject(string? originalSubject, bool chinese)
    {
        var subject = (originalSubject ?? "").Trim();
        string[] prefixes = ["fwd:", "fw:", "转发:", "转发："];
        if (prefixes.Any(p => subject.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            return subject;
        return (chinese ? "转发: " : "Fwd: ") + subject;
    }

    public static bool IsChinese(string? text) => (text ?? "").Any(c => c is (>= '\u3400' and <= '\u9fff') or (>= '\uf900' and <= '\ufaff'));

    private static string Header(StoredMessage original, bool chinese)
    {
        var sender = original.FromName is null ? original.FromAddress : $"{original.FromName} <{original.FromAddress}>";
        var at = original.SentAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        text.Append(chinese ? "---------- 转发的邮件 ----------\n" : "---------- Forwarded message ----------\n");
        text.Append(chinese ? "发件人: " : "From: ").Append(sender).Append('\n');
        text.Append(chinese ? "日期: " : "Date: ").Append(at).Append('\n');
        text.Append(chinese ? "主题: " : "Subject: ").Append(original.Subject).Append('\n');
        text.Append(chinese ? "收件人: " : "To: ").Append(original.To);
        return text.ToString();
    }
}
