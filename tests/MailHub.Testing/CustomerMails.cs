using System.Text;

namespace MailHub.Testing;

/// <summary>
/// Messages as a customer's mail program and a remote server write them, spelled out by hand (not by
/// MailHub's own writer), so the parser is tested on text it did not produce.
/// </summary>
public static class CustomerMails
{
    public const string Customer = "customer@example.com";

    /// <summary>A UTF-8 mail from 张三; Message-ID is <c>&lt;{id}&gt;</c>.</summary>
    public static byte[] FromCustomer(string to, string id, string subject, string text, string? inReplyTo = null,
        (string Name, byte[] Content)? attachment = null, string? extraHeader = null)
    {
        var headers = new StringBuilder()
            .Append($"From: {Encoded("张三")} <{Customer}>\r\n")
            .Append($"To: <{to}>\r\n")
            .Append($"Subject: {Encoded(subject)}\r\n")
            .Append($"Date: {DateTimeOffset.UtcNow.ToString("ddd, dd MMM yyyy HH:mm:ss +0000", System.Globalization.CultureInfo.InvariantCulture)}\r\n")
            .Append($"Message-ID: <{id}>\r\n")
            .Append("MIME-Version: 1.0\r\n");
        if (inReplyTo is not null)
            headers.Append($"In-Reply-To: <{inReplyTo}>\r\nReferences: <{inReplyTo}>\r\n");
        if (extraHeader is not null)
            headers.Append(extraHeader).Append("\r\n");

        var body = $"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{Base64(Encoding.UTF8.GetBytes(text))}";
        if (attachment is not { } file)
            return Crlf(headers + body);

        var name = Uri.EscapeDataString(file.Name);
        return Crlf(headers + $"""
            Content-Type: multipart/mixed; boundary="part-boundary"

            --part-boundary
            {body}
            --part-boundary
            Content-Type: application/pdf; name="{Encoded(file.Name)}"
            Content-Disposition: attachment; filename*=UTF-8''{name}
            Content-Transfer-Encoding: base64

            {Base64(file.Content)}
            --part-boundary--

            """);
    }

    /// <summary>
    /// A delivery status notification (RFC 3464) from the customer's server: the reply with
    /// <paramref name="replyMessageId"/> could not be delivered (5.1.1), its header returned.
    /// </summary>
    public static byte[] Bounce(string to, string replyMessageId) => Crlf($"""
        From: Mail Delivery System <MAILER-DAEMON@mx.example.com>
        To: {to}
        Subject: Undelivered Mail Returned to Sender
        Date: {DateTimeOffset.UtcNow.ToString("ddd, dd MMM yyyy HH:mm:ss +0000", System.Globalization.CultureInfo.InvariantCulture)}
        Message-ID: <bounce.{Guid.NewGuid():N}@mx.example.com>
        Auto-Submitted: auto-replied
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="report-boundary"

        --report-boundary
        Content-Type: text/plain; charset=us-ascii

        This is the mail system at host mx.example.com.
        Your message could not be delivered to one or more recipients.

        --report-boundary
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.example.com
        Arrival-Date: {DateTimeOffset.UtcNow.ToString("ddd, dd MMM yyyy HH:mm:ss +0000", System.Globalization.CultureInfo.InvariantCulture)}

        Final-Recipient: rfc822; {Customer}
        Original-Recipient: rfc822; {Customer}
        Action: failed
        Status: 5.1.1
        Diagnostic-Code: smtp; 550 5.1.1 <{Customer}>: Recipient address rejected: User unknown

        --report-boundary
        Content-Type: text/rfc822-headers

        From: {to}
        To: {Customer}
        Subject: Re: returned
        Message-ID: <{replyMessageId}>

        --report-boundary--

        """);

    public static string NewMessageId() => $"{Guid.NewGuid():N}@customer.example.com";

    private static byte[] Crlf(string text) =>
        Encoding.ASCII.GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal));

    private static string Encoded(string text) => $"=?UTF-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(text))}?=";

    private static string Base64(byte[] content) => Convert.ToBase64String(content, Base64FormattingOptions.InsertLineBreaks);
}
