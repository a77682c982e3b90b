using System.Text;
using MailHub.Mail.Net;
using MailHub.Mail.Smtp.Submission;
using MailHub.Mail.Tests.Net;

namespace MailHub.Mail.Tests.SmtpClient;

/// <summary>Providers' SMTP servers as recorded transcripts, driven through <see cref="SmtpSubmission"/> (MailKit).</summary>
public sealed class SmtpTranscriptTests
{
    private static readonly byte[] Hello = "From: a@x.test\r\nTo: c@x.test\r\nSubject: t\r\nMessage-ID: <t-1@x.test>\r\n\r\nHi\r\n"u8.ToArray();

    private static MailEndpoint Endpoint(ScriptedServer server, MailProvider provider = MailProvider.Other) =>
        new("127.0.0.1", server.Port, MailSecurity.None) { CommandTimeout = TimeSpan.FromSeconds(10), Provider = provider };

    private static SubmissionRequest Request(params string[] recipients) => new("a@x.test", recipients, Hello);

    [Fact]
    public async Task QQ_refusing_the_password_asks_for_the_authorization_code()
    {
        await using var server = new ScriptedServer { OneByteAtATime = true }.Script("""
            S: 220 newxmesmtplogicsvrszc5-0.qq.com XMail Esmtp QQ Mail Server.
            C~ EHLO \[127\.0\.0\.1\]
            S: 250-newxmesmtplogicsvrszc5-0.qq.com
            S: 250-PIPELINING
            S: 250-SIZE 73400320
            S: 250-AUTH LOGIN PLAIN XOAUTH XOAUTH2
            S: 250-AUTH=LOGIN
            S: 250-MAILCOMPRESS
            S: 250 8BITMIME
            C~ AUTH PLAIN [A-Za-z0-9+/=]+
            S: 535 Error: authentication failed
            """).Start();
        var e = await Assert.ThrowsAsync<SubmissionException>(() =>
            SmtpSubmission.SendAsync(Endpoint(server, MailProvider.QQ), new("12345@qq.com", "qq-password"), Request("c@x.test")));
        Assert.True(e.Retry);
        Assert.Contains("授权码", e.Message, StringComparison.Ordinal);
        Assert.Contains("535 Error: authentication failed", e.Message, StringComparison.Ordinal);
        await server.Completion;
    }

    [Fact]
    public async Task NetEase_refusing_the_password_over_AUTH_LOGIN_asks_for_its_authorization_code()
    {
        await using var server = new ScriptedServer().Script("""
            S: 220 163.com Anti-spam GT for Coremail System (163com[20141201])
            C~ EHLO .+
            S: 250-mail
            S: 250-PIPELINING
            S: 250-AUTH LOGIN
            S: 250-AUTH=LOGIN
            S: 250-coremail 1Uxr2xKj7kG0xkI17xGrU7I0s8FY2U3Uj8Cz28x1UUUUU7Ic2I0Y2UFRbmXhUCa0xDrUUUUj
            S: 250-STARTTLS
            S: 250-SMTPUTF8
            S: 250 8BITMIME
            C: AUTH LOGIN
            S: 334 dXNlcm5hbWU6
            C~ [A-Za-z0-9+/=]+
            S: 334 UGFzc3dvcmQ6
            C~ [A-Za-z0-9+/=]+
            S: 535 Error: authentication failed
            """).Start();
        var log = new List<string>();
        var e = await Assert.ThrowsAsync<SubmissionException>(() => SmtpSubmission.SendAsync(
            Endpoint(server, MailProvider.NetEase) with { ProtocolLog = log.Add }, new("kefu@163.com", "login-password"), Request("c@x.test")));
        Assert.Contains("授权码", e.Message, StringComparison.Ordinal);
        Assert.Contains("C: AUTH LOGIN", log);
        Assert.DoesNotContain(log, l => l.Contains(Convert.ToBase64String("login-password"u8), StringComparison.Ordinal)
            || l.Contains(Convert.ToBase64String("kefu@163.com"u8), StringComparison.Ordinal));
        await server.Completion;
    }

    [Fact]
    public async Task Gmail_refusing_the_account_password_asks_for_an_app_password()
    {
        await using var server = new ScriptedServer().Script("""
            S: 220 smtp.gmail.com ESMTP d9443c01a7336-2a0f7b8c1f5sm5550185ad.3 - gsmtp
            C~ EHLO .+
            S: 250-smtp.gmail.com at your service, [203.0.113.9]
            S: 250-SIZE 35882577
            S: 250-8BITMIME
            S: 250-AUTH LOGIN PLAIN XOAUTH2 PLAIN-CLIENTTOKEN OAUTHBEARER XOAUTH
            S: 250-ENHANCEDSTATUSCODES
            S: 250-PIPELINING
            S: 250-CHUNKING
            S: 250 SMTPUTF8
            C~ AUTH PLAIN [A-Za-z0-9+/=]+
            S: 535-5.7.8 Username and Password not accepted. For more information, go to
            S: 535 5.7.8  https://support.google.com/mail/?p=BadCredentials d9443c01a7336-2a0f7b8c1f5sm5550185ad.3 - gsmtp
            """).Start();
        var e = await Assert.ThrowsAsync<SubmissionException>(() =>
            SmtpSubmission.SendAsync(Endpoint(server, MailProvider.Gmail), new("kefu@gmail.com", "account-password"), Request("c@x.test")));
        Assert.Contains("app password", e.Message, StringComparison.Ordinal);
        Assert.Contains("5.7.8 Username and Password not accepted", e.Message, StringComparison.Ordinal);
        Assert.Equal(535, e.Code);
        await server.Completion;
    }

    [Fact]
    public async Task Exchange_XOAUTH2_error_challenge_gets_an_empty_line_and_says_why_the_token_was_refused()
    {
        await using var server = new ScriptedServer().Script("""
            S: 220 SN4PR0201CA0049.outlook.office365.com Microsoft ESMTP MAIL Service ready
            C~ EHLO .+
            S: 250-SN4PR0201CA0049.outlook.office365.com Hello [203.0.113.9]
            S: 250-SIZE 157286400
            S: 250-PIPELINING
            S: 250-AUTH LOGIN XOAUTH2
            S: 250 CHUNKING
            C~ AUTH XOAUTH2 [A-Za-z0-9+/=]+
            S: 334 eyJzdGF0dXMiOiI0MDEiLCJzY2hlbWVzIjoiYmVhcmVyIiwic2NvcGUiOiJodHRwczovL291dGxvb2sub2ZmaWNlLmNvbS9TTVRQLlNlbmQifQ==
            C:
            S: 535 5.7.3 Authentication unsuccessful [SN4PR0201CA0049.namprd02.prod.outlook.com]
            """).Start();
        var log = new List<string>();
        var e = await Assert.ThrowsAsync<SubmissionException>(() => SmtpSubmission.SendAsync(
            Endpoint(server, MailProvider.Outlook) with { ProtocolLog = log.Add }, new("agent@contoso.com", "secret-token", OAuth2: true), Request("c@x.test")));
        Assert.Contains("\"status\":\"401\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("fresh access token", e.Message, StringComparison.Ordinal);
        Assert.Contains(log, l => l.StartsWith("C: AUTH XOAUTH2 ", StringComparison.Ordinal));
        Assert.DoesNotContain(log, l => l.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes("user=agent@contoso.com")), StringComparison.Ordinal));
        await server.Completion;
    }

    [Fact]
    public async Task Pipelined_recipients_each_get_their_reply_DSN_is_asked_for_and_the_message_goes_out_as_stored()
    {
        await using var server = new ScriptedServer().Script("""
            S: 220 fake ESMTP
            C~ EHLO .+
            S: 250-fake
            S: 250-PIPELINING
            S: 250-DSN
            S: 250-8BITMIME
            S: 250-ENHANCEDSTATUSCODES
            S: 250 SIZE 10000
            C~ MAIL FROM:<a@x\.test> SIZE=\d+ BODY=8BITMIME ENVID=row-7 RET=HDRS
            C: RCPT TO:<b@x.test> NOTIFY=FAILURE,DELAY ORCPT=rfc822;b@x.test
            C: RCPT TO:<c@x.test> NOTIFY=FAILURE,DELAY ORCPT=rfc822;c@x.test
            S: 250 2.1.0 ok
            S: 550 5.1.1 <b@x.test>: no such user
            S: 250 2.1.5 ok
            C: DATA
            S: 354 go ahead
            C: From: =?utf-8?b?5a6i5pyN?= <a@x.test>
            C: To: c@x.test
            C: Subject: t
            C: Message-ID: <t-2@x.test>
            C: MIME-Version: 1.0
            C: Content-Type: text/plain; charset=utf-8
            C: Content-Transfer-Encoding: 8bit
            C:
            C: ..dot
            C: 你好
            C: .
            S: 250 2.0.0 queued as 1
            C: QUIT
            S: 221 bye
            """).Start();
        var content = Encoding.UTF8.GetBytes("From: =?utf-8?b?5a6i5pyN?= <a@x.test>\r\nTo: c@x.test\r\nBcc: b@x.test\r\nSubject: t\r\n"
            + "Message-ID: <t-2@x.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n.dot\r\n你好\r\n");
        var replies = await SmtpSubmission.SendAsync(Endpoint(server), null,
            new SubmissionRequest("a@x.test", ["b@x.test", "c@x.test"], content) { EnvelopeId = "row-7" });

        Assert.Equal([("b@x.test", 550, false), ("c@x.test", 250, true)], replies.Select(r => (r.Address, r.Code, r.Accepted)));
        Assert.Equal("5.1.1 <b@x.test>: no such user", replies[0].Text);
        Assert.Contains("queued as 1", replies[1].Text, StringComparison.Ordinal);
        await server.Completion;
    }

    [Fact]
    public async Task A_server_that_never_answers_is_a_timeout_to_retry_and_cancellation_stays_cancellation()
    {
        await using var silent = new ScriptedServer().Script("""
            S: 220 fake ESMTP
            C~ EHLO .+
            """).Start();
        var e = await Assert.ThrowsAsync<SubmissionException>(() =>
            SmtpSubmission.SendAsync(Endpoint(silent) with { CommandTimeout = TimeSpan.FromSeconds(1) }, null, Request("c@x.test")));
        Assert.True(e.Retry);
        Assert.Equal("timeout", e.Status);

        await using var again = new ScriptedServer().Script("""
            S: 220 fake ESMTP
            C~ EHLO .+
            """).Start();
        using var cancel = new CancellationTokenSource();
        var sending = SmtpSubmission.SendAsync(Endpoint(again) with { CommandTimeout = TimeSpan.FromMinutes(5) }, null, Request("c@x.test"), cancellationToken: cancel.Token);
        await again.Completion;
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
    }
}
