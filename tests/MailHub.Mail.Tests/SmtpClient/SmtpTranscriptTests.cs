using System.Text;
using MailHub.Mail.Net;
using MailHub.Mail.Smtp.Client;
using MailHub.Mail.Tests.Net;

namespace MailHub.Mail.Tests.SmtpClient;

public sealed class SmtpTranscriptTests
{
    private static MailEndpoint Endpoint(ScriptedServer server, MailProvider? provider = null)
    {
        var endpoint = new MailEndpoint("127.0.0.1", server.Port, MailSecurity.None) { CommandTimeout = TimeSpan.FromSeconds(10) };
        return provider is { } p ? endpoint with { Provider = p } : endpoint;
    }

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
        await using var client = await Smtp.Client.SmtpClient.ConnectAsync(Endpoint(server, MailProvider.QQ));
        Assert.Equal(73400320, client.Capabilities.MaxSize);
        Assert.Contains("XOAUTH2", client.Capabilities.AuthMechanisms);
        var e = await Assert.ThrowsAsync<MailProtocolException>(() => client.AuthenticateAsync("12345@qq.com", "qq-password"));
        Assert.Equal(MailErrorKind.AuthenticationFailed, e.Kind);
        Assert.Contains("授权码", e.Message, StringComparison.Ordinal);
        Assert.Contains("535 Error: authentication failed", e.Message, StringComparison.Ordinal);
        await server.Completion;
    }

    [Fact]
    public async Task Exchange_XOAUTH2_error_challenge_gets_an_empty_line_and_becomes_an_authentication_failure()
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
        await using var client = await Smtp.Client.SmtpClient.ConnectAsync(Endpoint(server, MailProvider.Outlook) with { ProtocolLog = log.Add });
        var e = await Assert.ThrowsAsync<MailProtocolException>(() => client.AuthenticateOAuth2Async("agent@contoso.com", "secret-token"));
        Assert.Equal(MailErrorKind.AuthenticationFailed, e.Kind);
        Assert.Contains("\"status\":\"401\"", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(log, l => l.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes("user=agent@contoso.com")), StringComparison.Ordinal));
        await server.Completion;
    }

    [Fact]
    public async Task Pipelined_DATA_dot_stuffs_and_reports_each_recipient_and_RSET_separates_messages()
    {
        await using var server = new ScriptedServer().Script("""
            S: 220 fake ESMTP
            C~ EHLO .+
            S: 250-fake
            S: 250-PIPELINING
            S: 250 SIZE 1000
            C: MAIL FROM:<a@x.test> SIZE=16
            C: RCPT TO:<b@x.test>
            C: RCPT TO:<c@x.test>
            C: DATA
            S: 250 2.1.0 ok
            S: 550 5.1.1 <b@x.test>: no such user
            S: 250 2.1.5 ok
            S: 354 go ahead
            C: Subject: t
            C:
            C: ..dot
            C: .
            S: 250 2.0.0 queued as 1
            C: RSET
            C: MAIL FROM:<> SIZE=2
            C: RCPT TO:<b@x.test>
            C: DATA
            S: 250 reset
            S: 250 ok
            S: 451 4.7.1 try later
            S: 554 no valid recipients
            C: QUIT
            S: 221 bye
            """).Start();
        await using var client = await Smtp.Client.SmtpClient.ConnectAsync(Endpoint(server));
        var result = await client.SendAsync(new SmtpEnvelope("a@x.test", ["b@x.test", "c@x.test"]), new MemoryStream("Subject: t\n\n.dot"u8.ToArray()));
        Assert.Equal(["c@x.test"], result.Accepted.Select(r => r.Address));
        Assert.Equal(550, result.Refused.Single().Reply.Code);
        Assert.Contains("queued as 1", result.FinalReply.Text, StringComparison.Ordinal);

        var eightBit = await Assert.ThrowsAsync<MailProtocolException>(() =>
            client.SendAsync(new SmtpEnvelope("a@x.test", ["c@x.test"]), new MemoryStream("é"u8.ToArray()), new SmtpMessageOptions { Has8BitContent = true }));
        Assert.Contains("re-encode", eightBit.Message, StringComparison.Ordinal);

        var later = await Assert.ThrowsAsync<MailProtocolException>(() =>
            client.SendAsync(new SmtpEnvelope("", ["b@x.test"]), new MemoryStream("hi"u8.ToArray())));
        Assert.Equal(MailErrorKind.Temporary, later.Kind);
        await client.QuitAsync();
        await server.Completion;
    }

    [Fact]
    public async Task A_reply_line_longer_than_the_limit_is_a_protocol_error()
    {
        await using var server = new ScriptedServer().Script("S: 220 " + new string('x', 500)).Start();
        var e = await Assert.ThrowsAsync<MailProtocolException>(() => Smtp.Client.SmtpClient.ConnectAsync(Endpoint(server) with { MaxLineLength = 100 }));
        Assert.Equal(MailErrorKind.Protocol, e.Kind);
    }
}
