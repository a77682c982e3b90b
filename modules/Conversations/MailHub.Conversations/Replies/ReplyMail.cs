using System.Globalization;
using System.Net;
using System.Text;
using MailHub.Channels.Contracts;
using MailHub.Conversations.Reading;
using MailHub.Mail.Outgoing;
using MimeKit;

namespace MailHub.Conversations.Replies;

/// <summary>
/// An agent's reply as the customer's mail client sees it: From the mailbox with its display name, To whoever the
/// original asked replies to go to, Re: once, In-Reply-To and References to the original, Thread-Topic for Outlook's
/// conversation view, Reply-To a plus address carrying the conversation's token, text with an HTML alternative, files.
/// </summary>
internal static class ReplyMail
{
    public static MimeMessage Compose(MailboxInfo mailbox, ListedConversation summary, StoredMessage? original, ReplyRequest request,
        IReadOnlyList<Upload> files, string messageId, DateTimeOffset date)
    {
        var from = From(mailbox);
        var message = new MimeMessage
        {
            Subject = ReplySubject.For(original?.Subject ?? summary.Subject, summary.Number, mailbox.SubjectTokens),
            MessageId = messageId,
            Date = date,
        };
        message.From.Add(from);
        var to = request.To is { Count: > 0 } chosen
            ? chosen.Select(AddrSpec.Parse).ToList()
            : [AddrSpec.Parse(original?.ReplyTo ?? original?.FromAddress ?? summary.CustomerEmail)];
        message.To.AddRange(to);
        var cc = (request.Cc ?? []).Select(AddrSpec.Parse).ToList();
        if (request.ReplyAll && original is not null)
            cc.AddRange(ReplyRecipients.Others(original, mailbox.Address, [.. to.Select(a => a.Address), .. cc.Select(a => a.Address)]));
        message.Cc.AddRange(cc);
        message.Bcc.AddRange((request.Bcc ?? []).Select(AddrSpec.Parse));
        AddReplyTo(message, mailbox, summary, from);
        if (original?.RfcMessageId is { } originalId)
            ReplyThread.For(originalId, original.References).ApplyTo(message);
        message.Headers.Add("Thread-Topic", summary.Subject);

        var quote = request.QuoteOriginal == true && original is not null;
        var body = new BodyBuilder { TextBody = (request.Text ?? "") + (quote ? QuoteText(original!) : "") };
        if (!string.IsNullOrWhiteSpace(request.Html))
            body.HtmlBody = request.Html + (quote ? QuoteHtml(original!) : "");
        Attach(body, files);
        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary>Replies to the plus address carrying the conversation's token, where the mailbox's server allows it.</summary>
    public static void AddReplyTo(MimeMessage message, MailboxInfo mailbox, ListedConversation summary, MailboxAddress from)
    {
        if (mailbox.AllowPlusAddressing)
            message.ReplyTo.Add(new MailboxAddress(from.Name, PlusAddress(mailbox.Address, summary.ReplyToken)));
    }

    public static void Attach(BodyBuilder body, IReadOnlyList<Upload> files)
    {
        foreach (var file in files)
            body.Attachments.Add(FileName(file.FileName), file.Content, Type(file.ContentType));
    }

    public static MailboxAddress From(MailboxInfo mailbox) => AddrSpec.Parse(mailbox.DisplayName ?? mailbox.Name, mailbox.Address);

    // A control character in a name would end the header line a client reads it from.
    private static string FileName(string name)
    {
        var clean = new string(name.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return clean.Length == 0 ? "attachment" : clean;
    }

    private static ContentType Type(string contentType) =>
        ContentType.TryParse(contentType, out var type) ? type : new ContentType("application", "octet-stream");

    private static string PlusAddress(string address, string token)
    {
        var at = address.LastIndexOf('@');
        var local = address[..at];
        var plus = local.IndexOf('+', StringComparison.Ordinal);
        return (plus >= 0 ? local[..plus] : local) + "+" + token + address[at..];
    }

    private static string QuoteText(StoredMessage original)
    {
        var quoted = new StringBuilder("\n\n");
        quoted.Append(CultureInfo.InvariantCulture, $"On {original.SentAt:yyyy-MM-dd HH:mm} UTC, {original.FromName ?? original.FromAddress} wrote:\n");
        foreach (var line in (original.Text ?? "").Split('\n'))
            quoted.Append("> ").Append(line).Append('\n');
        return quoted.ToString();
    }

    private static string QuoteHtml(StoredMessage original) =>
        $"<br><blockquote type=\"cite\">{WebUtility.HtmlEncode(original.Text ?? "").Replace("\n", "<br>", StringComparison.Ordinal)}</blockquote>";
}
