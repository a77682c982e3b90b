using System.Text;
using MailHub.Mail.Net;
using MailHub.Mail.Pop3;
using MailHub.Mail.Tests.Net;

namespace MailHub.Mail.Tests.Pop3;

public sealed class Pop3TranscriptTests
{
    [Fact]
    public async Task RETR_sent_one_byte_at_a_time_is_unstuffed_and_streamed()
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
        await using var client = await Pop3Client.ConnectAsync(new MailEndpoint("127.0.0.1", server.Port, MailSecurity.None) { ProtocolLog = log.Add });
        await client.LoginAsync("12345@qq.com", "auth-code");
        Assert.Equal("ZC0001-abc", (await client.UidlAsync())[1]);
        using var message = new MemoryStream();
        await client.RetrieveAsync(1, message);
        Assert.Equal("Subject: a\r\n\r\n.dot\r\n", Encoding.UTF8.GetString(message.ToArray()));
        await client.QuitAsync();
        await server.Completion;
        Assert.Contains("C: PASS ********", log);
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
        await using var client = await Pop3Client.ConnectAsync(new MailEndpoint("pop.qq.com", server.Port, MailSecurity.None) { Provider = MailProvider.QQ } with { Host = "127.0.0.1" });
        var e = await Assert.ThrowsAsync<MailProtocolException>(() => client.LoginAsync("12345@qq.com", "qq-password"));
        Assert.Equal(MailErrorKind.AuthenticationFailed, e.Kind);
        Assert.Contains("授权码", e.Message, StringComparison.Ordinal);
    }
}
