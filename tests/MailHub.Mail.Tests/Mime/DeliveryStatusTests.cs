using MailHub.Mail.Mime;

namespace MailHub.Mail.Tests.Mime;

public sealed class DeliveryStatusTests
{
    [Fact]
    public void A_bounce_gives_each_recipient_result_and_the_original_message_id()
    {
        using var message = Mail.Parse("""
            From: MAILER-DAEMON@mx.example.cn
            Content-Type: multipart/report; report-type=delivery-status; boundary=r

            --r
            Content-Type: text/plain

            Your message could not be delivered.
            --r
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.cn

            Final-Recipient: rfc822; nobody@example.cn
            Action: failed
            Status: 5.1.1
            Diagnostic-Code: smtp; 550 5.1.1 <nobody@example.cn>:
             Recipient address rejected

            Final-Recipient: rfc822;later@example.cn
            Action: delayed
            Status: 4.4.1
            --r
            Content-Type: text/rfc822-headers

            From: kefu@example.cn
            Message-ID: <orig42@example.cn>
            --r--
            """);
        var report = message.DeliveryStatus;
        Assert.NotNull(report);
        Assert.Equal("mx.example.cn", report.ReportingMta);
        Assert.Equal("orig42@example.cn", report.OriginalMessageId);
        Assert.Equal(2, report.Recipients.Count);
        Assert.Equal(new RecipientStatus("nobody@example.cn", null, "failed", "5.1.1", "550 5.1.1 <nobody@example.cn>: Recipient address rejected", null), report.Recipients[0]);
        Assert.Equal(("later@example.cn", "delayed", "4.4.1"), (report.Recipients[1].FinalRecipient, report.Recipients[1].Action, report.Recipients[1].Status));
    }

    [Fact]
    public void A_returned_full_message_gives_its_message_id()
    {
        using var message = Mail.Parse("""
            Content-Type: multipart/report; report-type=delivery-status; boundary=r

            --r
            Content-Type: message/delivery-status

            Final-Recipient: rfc822; a@b.c
            Action: failed
            Status: 5.0.0
            --r
            Content-Type: message/rfc822

            Message-ID: <sent@hub>
            Subject: hi

            body
            --r--
            """);
        Assert.Equal("sent@hub", message.DeliveryStatus!.OriginalMessageId);
    }

    [Fact]
    public void An_ordinary_message_has_no_delivery_status()
    {
        using var mail = Mail.Parse("Subject: hi\r\n\r\nbody\r\n");
        Assert.Null(mail.DeliveryStatus);
    }
}
