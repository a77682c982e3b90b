using System.Text;
using MailHub.Mail.Outgoing;
using MimeKit;

namespace MailHub.Conversations.Tests;

/// <summary>Messages as customers and their servers send them.</summary>
internal static class Mails
{
    public static Task<byte[]> FromCustomerAsync(string subject, string text, string? inReplyTo = null, string? references = null,
        (string Name, byte[] Content)? attachment = null, string? html = null, string from = "customer@example.com",
        params (string Name, string Value)[] headers)
    {
        var message = new MimeMessage { Subject = subject, InReplyTo = inReplyTo };
        message.From.Add(new MailboxAddress("张三", from));
        message.To.Add(MailboxAddress.Parse(ConversationsHost.MailboxAddress));
        if (references is not null)
            message.References.Add(references);
        var body = new BodyBuilder { TextBody = text, HtmlBody = html };
        if (attachment is { } file)
            body.Attachments.Add(file.Name, file.Content, new ContentType("application", "pdf"));
        message.Body = body.ToMessageBody();
        foreach (var (name, value) in headers)
            message.Headers.Add(name, value);
        return OutgoingMail.ToBytesAsync(message);
    }

    /// <summary>A delivery status notification (RFC 3464) for the message with <paramref name="originalMessageId"/>.</summary>
    public static byte[] Bounce(string originalMessageId) => Encoding.ASCII.GetBytes($"""
        From: Mail Delivery System <MAILER-DAEMON@mx.example.com>
        To: {ConversationsHost.MailboxAddress}
        Subject: Undelivered Mail Returned to Sender
        Message-ID: <bounce.{Guid.NewGuid():N}@mx.example.com>
        Auto-Submitted: auto-replied
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

        --b1
        Content-Type: text/plain

        Your message could not be delivered.
        --b1
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.example.com

        Final-Recipient: rfc822; customer@example.com
        Action: failed
        Status: 5.1.1
        Diagnostic-Code: smtp; 550 5.1.1 User unknown

        --b1
        Content-Type: text/rfc822-headers

        From: support@shop.example
        To: customer@example.com
        Subject: Re: test
        Message-ID: {originalMessageId}

        --b1--
        """.Replace("\n", "\r\n", StringComparison.Ordinal));
}
