using System.Text;
using MailHub.Mail.Clients;
using MailHub.Mail.Diagnostics;
using MailHub.Mail.Net;
using MailHub.Mail.Tests.Net;

namespace MailHub.Mail.Tests.Pop3;

/// <summary>QQ Mail's POP3 as recorded, replayed to MailKit's Pop3Client through our session layer.</summary>
public sealed class Pop3TranscriptTests
{
    [Fact]
    public async Task A_message_sent_one_byte_at_a_time_arrives_unstuffed_and_the_log_hides_the_authorization_code()
    {
        await using var server = new ScriptedServer { OneByteAtATime = true }.Script("""
            S: +OK QQMail POP3 Server v1.0 Service Ready
            C: CAPA
            S: +OK
            S: USER
            S: UIDL
            S: TOP
            S: .
            C: USER 12345@qq.com
            S: +OK
            C: PASS auth-code
            S: +OK
            C: CAPA
            S: +OK
            S: USER
            S: UIDL
            S: TOP
            S: .
            C: STAT
            S: +OK 1 30
            C: UIDL
            S: +OK
            S: 1 ZC0001-abc
            S: .
            C: RETR 1
            S: +OK 30 octets
            S: Subject: a
            S:
            S: ..dot
            S: .
            C: QUIT
            S: +OK Bye
            """).Start();
        var log = new List<string>();
        var endpoint = new MailEndpoint("127.0.0.1", server.Port, MailSecurity.None) { ProtocolLog = log.Add, Provider = MailProvider.QQ };
        using var client = await Pop3Session.OpenAsync(endpoint, "12345@qq.com", "auth-code", oauth2: false);
        Assert.Equal(["ZC0001-abc"], await client.GetMessageUidsAsync());
        using var message = new MemoryStream();
        await using (var content = await client.GetStreamAsync(0))
            await content.CopyToAsync(message);
        Assert.Equal("Subject: a\r\n\r\n.dot\r\n", Encoding.UTF8.GetString(message.ToArray()));
        await client.DisconnectAsync(true);
        await server.Completion;
        Assert.Contains(log, l => l.StartsWith("C: PASS ", StringComparison.Ordinal));
        Assert.DoesNotContain(log, l => l.Contains("auth-code", StringComparison.Ordinal));
    }

    [Fact]
    public async Task QQ_refusing_the_password_asks_for_the_authorization_code()
    {
        await using var server = new ScriptedServer().Script("""
            S: +OK QQMail POP3 Server v1.0 Service Ready
            C: CAPA
            S: -ERR unknown command
            C: USER 12345@qq.com
            S: +OK
            C: PASS qq-password
            S: -ERR Login fail. Please using authorized code to login.
            """).Start();
        var endpoint = new MailEndpoint("127.0.0.1", server.Port, MailSecurity.None) { Provider = MailProvider.QQ };
        var steps = await MailCheck.RunAsync(new MailCheckRequest(MailProtocol.Pop3, endpoint, "12345@qq.com", "qq-password"));
        var login = steps[^1];
        Assert.Equal((MailCheck.Login, nameof(MailErrorKind.AuthenticationFailed)), (login.Name, login.ErrorKind));
        Assert.Contains("授权码", login.Detail, StringComparison.Ordinal);
    }
}
