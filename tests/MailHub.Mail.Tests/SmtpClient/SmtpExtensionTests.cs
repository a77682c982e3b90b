using System.Text;
using MailHub.Mail.Net;
using MailHub.Mail.Smtp.Submission;
using MailHub.Testing;
using MimeKit;

namespace MailHub.Mail.Tests.SmtpClient;

/// <summary>What goes over the wire depends on what the server offers: 8BITMIME, SMTPUTF8, DSN, SIZE.</summary>
public sealed class SmtpExtensionTests
{
    private static readonly byte[] Chinese = Encoding.UTF8.GetBytes(
        "From: kefu@x.test\r\nTo: c@x.test\r\nSubject: =?utf-8?b?5L2g5aW9?=\r\nMessage-ID: <zh-1@x.test>\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n您好，您的发票已开出。\r\n.一行以点开头\r\n");

    private static MailEndpoint Endpoint(SmtpPeer sink) => new("127.0.0.1", sink.Port, MailSecurity.None) { CommandTimeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task With_8BITMIME_the_stored_bytes_go_out_unchanged_and_marked_BODY_8BITMIME()
    {
        await using var sink = new SmtpPeer("8BITMIME", "SIZE 100000");
        var replies = await SmtpSubmission.SendAsync(Endpoint(sink), null, new("kefu@x.test", ["c@x.test"], Chinese));

        Assert.True(Assert.Single(replies).Accepted);
        Assert.Equal(Chinese, Assert.Single(sink.Messages).Content);
        Assert.Contains(sink.Commands, c => c.StartsWith("MAIL FROM:<kefu@x.test>", StringComparison.Ordinal) && c.Contains(" BODY=8BITMIME", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_8BITMIME_8_bit_text_is_re_encoded_as_7_bit_and_reads_the_same()
    {
        await using var sink = new SmtpPeer("SIZE 100000");
        var replies = await SmtpSubmission.SendAsync(Endpoint(sink), null, new("kefu@x.test", ["c@x.test"], Chinese));

        Assert.True(Assert.Single(replies).Accepted);
        var sent = Assert.Single(sink.Messages).Content;
        Assert.DoesNotContain(sent, b => b > 127);
        Assert.DoesNotContain(sink.Commands, c => c.Contains("BODY=", StringComparison.Ordinal));
        using var received = MimeMessage.Load(new MemoryStream(sent));
        Assert.Equal("zh-1@x.test", received.MessageId);
        Assert.Equal("你好", received.Subject);
        Assert.Equal("您好，您的发票已开出。\n.一行以点开头\n", received.TextBody?.ReplaceLineEndings("\n"));
        Assert.NotEqual(ContentEncoding.EightBit, Assert.IsType<TextPart>(received.Body).ContentTransferEncoding);
    }

    [Fact]
    public async Task An_internationalized_address_uses_SMTPUTF8_where_offered_and_is_refused_before_sending_where_not()
    {
        await using var utf8 = new SmtpPeer("8BITMIME", "SMTPUTF8");
        var replies = await SmtpSubmission.SendAsync(Endpoint(utf8), null, new("客服@x.test", ["顾客@y.test"], Chinese));
        Assert.True(Assert.Single(replies).Accepted);
        Assert.Contains(utf8.Commands, c => c.StartsWith("MAIL FROM:<客服@x.test> SMTPUTF8", StringComparison.Ordinal));
        Assert.Contains("RCPT TO:<顾客@y.test>", utf8.Commands);

        await using var ascii = new SmtpPeer("8BITMIME");
        var e = await Assert.ThrowsAsync<SubmissionException>(() =>
            SmtpSubmission.SendAsync(Endpoint(ascii), null, new("客服@x.test", ["c@x.test"], Chinese)));
        Assert.False(e.Retry);
        Assert.Contains("SMTPUTF8", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ascii.Commands, c => c.StartsWith("MAIL", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_DSN_no_NOTIFY_or_RET_is_sent()
    {
        await using var sink = new SmtpPeer("8BITMIME");
        await SmtpSubmission.SendAsync(Endpoint(sink), null, new("kefu@x.test", ["c@x.test"], Chinese) { EnvelopeId = "row-1" });
        Assert.Contains("RCPT TO:<c@x.test>", sink.Commands);
        Assert.DoesNotContain(sink.Commands, c => c.Contains("NOTIFY=", StringComparison.Ordinal) || c.Contains("RET=", StringComparison.Ordinal)
            || c.Contains("ENVID=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_message_over_the_advertised_SIZE_is_refused_for_good_before_sending()
    {
        await using var sink = new SmtpPeer("8BITMIME", "SIZE 100");
        var e = await Assert.ThrowsAsync<SubmissionException>(() =>
            SmtpSubmission.SendAsync(Endpoint(sink), null, new("kefu@x.test", ["c@x.test"], Chinese)));
        Assert.False(e.Retry);
        Assert.Contains("at most 100", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(sink.Commands, c => c.StartsWith("MAIL", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_recipient_refused_is_each_recipients_reply_not_a_crash()
    {
        await using var server = new Net.ScriptedServer().Script("""
            S: 220 fake ESMTP
            C~ EHLO .+
            S: 250 fake
            C: MAIL FROM:<kefu@x.test>
            S: 250 ok
            C: RCPT TO:<a@y.test>
            S: 550 5.1.1 no such user
            C: RCPT TO:<b@y.test>
            S: 452 4.2.2 mailbox full
            C: RSET
            S: 250 reset
            C: QUIT
            S: 221 bye
            """).Start();
        var replies = await SmtpSubmission.SendAsync(new MailEndpoint("127.0.0.1", server.Port, MailSecurity.None), null,
            new("kefu@x.test", ["a@y.test", "b@y.test"], "Subject: x\r\n\r\nx\r\n"u8.ToArray()));
        Assert.Equal([(550, false), (452, true)], replies.Select(r => (r.Code, r.IsTransient)));
        await server.Completion;
    }
}
