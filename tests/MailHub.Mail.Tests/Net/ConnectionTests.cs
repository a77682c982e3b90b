using System.Net;
using System.Net.Sockets;
using MailHub.Mail.Clients;
using MailHub.Mail.Net;

namespace MailHub.Mail.Tests.Net;

public sealed class ConnectionTests
{
    [Fact]
    public async Task A_closed_port_is_a_connection_failure_that_names_host_and_port()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var endpoint = new MailEndpoint("127.0.0.1", port, MailSecurity.None);
        using var client = ImapSession.Create(endpoint);
        var e = await Assert.ThrowsAsync<MailProtocolException>(() => client.ConnectAsync(endpoint));
        Assert.Equal(MailErrorKind.CannotConnect, e.Kind);
        Assert.Contains($"127.0.0.1:{port}", e.Message, StringComparison.Ordinal);
        Assert.True(e.IsTransient);
    }

    [Fact]
    public async Task Implicit_TLS_against_a_plain_text_server_is_a_TLS_failure()
    {
        await using var server = new ScriptedServer().Script("S: 220 plain text here").Start();
        var endpoint = new MailEndpoint("127.0.0.1", server.Port, MailSecurity.Ssl) { AcceptInvalidCertificate = true };
        using var client = new MailKit.Net.Smtp.SmtpClient();
        var e = await Assert.ThrowsAsync<MailProtocolException>(() => client.ConnectAsync(endpoint));
        Assert.Equal(MailErrorKind.TlsFailure, e.Kind);
        Assert.Contains("implicit TLS", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("imap.qq.com", MailProvider.QQ)]
    [InlineData("smtp.exmail.qq.com", MailProvider.TencentExmail)]
    [InlineData("imap.163.com", MailProvider.NetEase)]
    [InlineData("pop.126.com", MailProvider.NetEase)]
    [InlineData("imap.yeah.net", MailProvider.NetEase)]
    [InlineData("imap.qiye.aliyun.com", MailProvider.Aliyun)]
    [InlineData("imap.gmail.com", MailProvider.Gmail)]
    [InlineData("outlook.office365.com", MailProvider.Outlook)]
    [InlineData("mail.example.com", MailProvider.Other)]
    [InlineData("notqq.com", MailProvider.Other)]
    public void Providers_are_recognized_from_the_host_name(string host, MailProvider provider) =>
        Assert.Equal(provider, MailProviders.FromHost(host));

    [Fact]
    public void Each_known_provider_says_what_to_do_when_the_login_is_refused()
    {
        Assert.Contains("授权码", MailProviders.AuthenticationHint(MailProvider.QQ), StringComparison.Ordinal);
        Assert.Contains("授权码", MailProviders.AuthenticationHint(MailProvider.NetEase), StringComparison.Ordinal);
        Assert.Contains("app password", MailProviders.AuthenticationHint(MailProvider.Gmail), StringComparison.Ordinal);
        Assert.Contains("OAuth2", MailProviders.AuthenticationHint(MailProvider.Outlook), StringComparison.Ordinal);
        Assert.Null(MailProviders.AuthenticationHint(MailProvider.Other));
    }
}
