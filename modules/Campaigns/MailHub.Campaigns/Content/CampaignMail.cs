using System.Net;
using MailHub.Mail.Outgoing;
using MimeKit;

namespace MailHub.Campaigns.Content;

/// <summary>A campaign's templates, parsed once for all its recipients.</summary>
internal sealed record CampaignContent(MergeTemplate Subject, MergeTemplate? Html, MergeTemplate? Text, IReadOnlyDictionary<string, string> Defaults,
    bool HtmlLinksUnsubscribe, bool TextLinksUnsubscribe)
{
    public static CampaignContent Of(string subject, string? html, string? text, IReadOnlyDictionary<string, string> defaults) =>
        new(MergeTemplate.Parse(subject), html is null ? null : MergeTemplate.Parse(html), text is null ? null : MergeTemplate.Parse(text), defaults,
            (html ?? "").Contains(CampaignMail.UnsubscribeField, StringComparison.OrdinalIgnoreCase),
            (text ?? "").Contains(CampaignMail.UnsubscribeField, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One recipient's values for the merge fields.</summary>
internal sealed record MergeRecipient(string Email, string? Name, IReadOnlyDictionary<string, string> Fields);

/// <summary>A message rendered for one recipient.</summary>
internal sealed record RenderedMail(string Subject, string? Html, string? Text, IReadOnlyList<string> Missing);

/// <summary>Renders and composes a campaign's message for one recipient with MimeKit.</summary>
internal static class CampaignMail
{
    /// <summary>The outbox correlation of a campaign's message: <c>campaign:{campaignId}:{recipientId}</c>.</summary>
    public const string CorrelationPrefix = "campaign:";

    public const string UnsubscribeField = "unsubscribe_url";

    public static string Correlation(Guid campaignId, Guid recipientId) => $"{CorrelationPrefix}{campaignId:N}:{recipientId:N}";

    public static (Guid CampaignId, Guid RecipientId)? ParseCorrelation(string? correlation)
    {
        if (correlation is null || !correlation.StartsWith(CorrelationPrefix, StringComparison.Ordinal))
            return null;
        var parts = correlation[CorrelationPrefix.Length..].Split(':');
        return parts.Length == 2 && Guid.TryParseExact(parts[0], "N", out var c) && Guid.TryParseExact(parts[1], "N", out var r) ? (c, r) : null;
    }

    /// <summary>The recipient's Message-ID: the same on every retry and after any restart, so a resend is recognisable.</summary>
    public static string MessageId(Guid campaignId, Guid recipientId, string mailboxAddress) =>
        $"campaign.{campaignId:N}.{recipientId:N}@{DomainOf(mailboxAddress)}";

    /// <summary>The campaign and recipient a Message-ID of ours names (<see cref="MessageId"/>), or null.</summary>
    public static (Guid CampaignId, Guid RecipientId)? ParseMessageId(string? messageId)
    {
        var text = messageId?.Trim().Trim('<', '>');
        if (text is null || !text.StartsWith("campaign.", StringComparison.Ordinal))
            return null;
        var local = text[..Math.Max(0, text.IndexOf('@', StringComparison.Ordinal))].Split('.');
        return local.Length == 3 && Guid.TryParseExact(local[1], "N", out var c) && Guid.TryParseExact(local[2], "N", out var r) ? (c, r) : null;
    }

    /// <summary>
    /// The List-Unsubscribe mailto (RFC 2369 §3.2, RFC 6068): to <paramref name="address"/>, the subject "unsubscribe" and the
    /// signed token, so the mail names its recipient whoever sends it (a forward, an alias); see <c>FeedbackHandler</c>.
    /// </summary>
    public static string UnsubscribeMailto(string address, string token) => $"mailto:{address}?subject=unsubscribe%20{Uri.EscapeDataString(token)}";

    public static string DomainOf(string address)
    {
        var at = address.LastIndexOf('@');
        return at >= 0 && at < address.Length - 1 ? address[(at + 1)..] : "mailhub.local";
    }

    /// <summary>The merge values: the campaign's defaults, overlaid by the recipient's non-empty fields, name, email and the unsubscribe link.</summary>
    public static Dictionary<string, string> Values(MergeRecipient recipient, IReadOnlyDictionary<string, string> defaults, string unsubscribeUrl)
    {
        var values = new Dictionary<string, string>(defaults, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in recipient.Fields)
        {
            if (!string.IsNullOrWhiteSpace(value))
                values[key] = value;
        }
        if (!string.IsNullOrWhiteSpace(recipient.Name))
            values["name"] = recipient.Name;
        values["email"] = recipient.Email;
        values[UnsubscribeField] = unsubscribeUrl;
        return values;
    }

    public static RenderedMail Render(CampaignContent content, IReadOnlyDictionary<string, string> values)
    {
        var missing = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        var subject = content.Subject.Render(values, html: false, missing).ReplaceLineEndings(" ").Trim();
        var html = content.Html?.Render(values, html: true, missing);
        var text = content.Text?.Render(values, html: false, missing);
        return new RenderedMail(subject, html, text, [.. missing]);
    }

    /// <summary>
    /// The message: From the mailbox, To the recipient, the stable Message-ID, and RFC 8058 one-click unsubscribe
    /// (List-Unsubscribe with the https link and a mailto to the mailbox, List-Unsubscribe-Post); a footer with the link
    /// when the HTML does not place <c>{{ unsubscribe_url }}</c> itself.
    /// </summary>
    public static MimeMessage Compose(RenderedMail mail, CampaignContent content, string fromAddress, string? fromName, MergeRecipient recipient,
        string messageId, string unsubscribeUrl, Guid campaignId, string? unsubscribeMailto = null)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(fromName ?? "", fromAddress));
        message.To.Add(new MailboxAddress(recipient.Name ?? "", recipient.Email));
        message.Subject = mail.Subject;
        message.MessageId = messageId;
        message.Date = DateTimeOffset.UtcNow;
        // RFC 2369 §3.2 (List-Unsubscribe) and RFC 8058 §3.1: one HTTPS URI answering a POST of "List-Unsubscribe=One-Click".
        message.Headers.Add("List-Unsubscribe", $"<{unsubscribeUrl}>, <{unsubscribeMailto ?? $"mailto:{fromAddress}?subject=unsubscribe"}>");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        // Ties a bounce (RFC 3464 reports carry the original headers) back to the campaign; the Message-ID names the recipient.
        message.Headers.Add("X-MailHub-Campaign", campaignId.ToString("N"));
        var body = new BodyBuilder
        {
            TextBody = (mail.Text ?? "") + (content.TextLinksUnsubscribe ? "" : TextFooter(unsubscribeUrl)),
        };
        if (mail.Html is not null)
            body.HtmlBody = content.HtmlLinksUnsubscribe ? mail.Html : WithFooter(mail.Html, unsubscribeUrl);
        message.Body = body.ToMessageBody();
        return message;
    }

    public static Task<byte[]> ToBytesAsync(MimeMessage message, CancellationToken cancellationToken) => OutgoingMail.ToBytesAsync(message, cancellationToken);

    /// <summary>The message's bytes, written synchronously (it is all in memory): what a campaign's batch enqueues.</summary>
    public static byte[] ToBytes(MimeMessage message) => OutgoingMail.ToBytes(message);

    private static string TextFooter(string url) =>
        $"\n\n--\nUnsubscribe / 退订: {url}\n";

    private static string WithFooter(string html, string url)
    {
        var link = WebUtility.HtmlEncode(url);
        var footer = $"<p style=\"font-size:12px;color:#888\">If you no longer want these e-mails, <a href=\"{link}\">unsubscribe</a>. "
            + $"如不想再收到此类邮件，请<a href=\"{link}\">退订</a>。</p>";
        var end = html.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
        return end >= 0 ? html.Insert(end, footer) : html + footer;
    }
}
