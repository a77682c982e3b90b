using MailHub.Mail.Smtp.Server;
using MailHub.Mail.Tests.SmtpServer.Support;

namespace MailHub.Mail.Tests.SmtpServer;

public class SmtpTlsAndAuthTests
{
    [Fact]
    public async Task AUTH_without_TLS_is_refused_with_538()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await RawSmtpClient.GreetAsync(server.EndPoint);

        Assert.StartsWith("538 5.7.11", await client.CommandAsync("AUTH PLAIN AHJlbGF5AHMzY3JldA=="), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_STARTTLS_a_new_EHLO_is_needed_and_offers_AUTH_but_not_STARTTLS()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await RawSmtpClient.GreetAsync(server.EndPoint);

        Assert.StartsWith("220 2.0.0", await client.CommandAsync("STARTTLS"), StringComparison.Ordinal);
        await client.StartTlsAsync();

        Assert.StartsWith("503 5.5.1", await client.CommandAsync("MAIL FROM:<a@example.org>"), StringComparison.Ordinal);
        var ehlo = await client.CommandAsync("EHLO client.test");
        Assert.Contains("AUTH PLAIN LOGIN", ehlo, StringComparison.Ordinal);
        Assert.DoesNotContain("STARTTLS", ehlo, StringComparison.Ordinal);
        Assert.StartsWith("503 5.5.1", await client.CommandAsync("STARTTLS"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commands_injected_after_STARTTLS_in_the_same_packet_are_discarded()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await RawSmtpClient.GreetAsync(server.EndPoint);

        await client.SendAsync("STARTTLS\r\nMAIL FROM:<evil@example.org>\r\nRCPT TO:<b@example.com>\r\n");
        Assert.StartsWith("220", await client.ReadReplyAsync(), StringComparison.Ordinal);
        await client.StartTlsAsync();

        // Had the injected MAIL been executed, the first reply after TLS would be its 250.
        Assert.StartsWith("250-mx.test", await client.CommandAsync("EHLO client.test"), StringComparison.Ordinal);
        Assert.StartsWith("503 5.5.1", await client.CommandAsync("RCPT TO:<b@example.com>"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AUTH PLAIN AHJlbGF5AHMzY3JldA==")]
    [InlineData("AUTH PLAIN", "AHJlbGF5AHMzY3JldA==")]
    [InlineData("AUTH LOGIN", "cmVsYXk=", "czNjcmV0")]
    [InlineData("AUTH LOGIN cmVsYXk=", "czNjcmV0")]
    public async Task AUTH_over_TLS_accepts_the_relay_account(string command, params string[] responses)
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await RawSmtpClient.GreetAsync(server.EndPoint);
        await client.CommandAsync("STARTTLS");
        await client.StartTlsAsync();
        await client.CommandAsync("EHLO client.test");

        var reply = await client.CommandAsync(command);
        foreach (var response in responses)
        {
            Assert.StartsWith("334 ", reply, StringComparison.Ordinal);
            reply = await client.CommandAsync(response);
        }

        Assert.StartsWith("235 2.7.0", reply, StringComparison.Ordinal);
        Assert.StartsWith("503 5.5.1", await client.CommandAsync(command), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_credentials_get_one_535_and_the_session_goes_on()
    {
        await using var server = await SmtpTestServer.StartAsync((_, e) => e.AllowInsecureAuth = true);
        await using var client = await RawSmtpClient.GreetAsync(server.EndPoint);

        Assert.Equal("535 5.7.8 Authentication credentials invalid", await client.CommandAsync("AUTH PLAIN AHJlbGF5AHdyb25n"));
        Assert.Equal("535 5.7.8 Authentication credentials invalid", await client.CommandAsync("AUTH PLAIN bm8gbnVscw==")); // "no nuls": malformed, still one reply
        Assert.StartsWith("250 2.0.0", await client.CommandAsync("NOOP"), StringComparison.Ordinal);
        Assert.StartsWith("504 5.5.4", await client.CommandAsync("AUTH CRAM-MD5"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AUTH PLAIN", "*", "501 5.0.0")] // RFC 4954 §4: "*" cancels
    [InlineData("AUTH LOGIN", "*", "501 5.0.0")]
    [InlineData("AUTH PLAIN", "not base64!", "501 5.5.2")]
    [InlineData("AUTH LOGIN", "not base64!", "501 5.5.2")]
    [InlineData("AUTH LOGIN cmVsYXk=", "*", "501 5.0.0")]
    public async Task A_cancelled_or_undecodable_exchange_gets_501_and_the_session_goes_on(string command, string response, string expected)
    {
        await using var server = await SmtpTestServer.StartAsync((_, e) => e.AllowInsecureAuth = true);
        await using var client = await RawSmtpClient.GreetAsync(server.EndPoint);

        Assert.StartsWith("334 ", await client.CommandAsync(command), StringComparison.Ordinal);
        Assert.StartsWith(expected, await client.CommandAsync(response), StringComparison.Ordinal);
        Assert.StartsWith("250 2.0.0", await client.CommandAsync("NOOP"), StringComparison.Ordinal);
        Assert.StartsWith("235 2.7.0", await client.CommandAsync("AUTH PLAIN AHJlbGF5AHMzY3JldA=="), StringComparison.Ordinal);
        Assert.Empty(server.Errors);
    }

    [Fact]
    public async Task An_initial_response_that_is_not_base64_gets_501()
    {
        await using var server = await SmtpTestServer.StartAsync((_, e) => e.AllowInsecureAuth = true);
        await using var client = await RawSmtpClient.GreetAsync(server.EndPoint);

        Assert.StartsWith("501 5.5.2", await client.CommandAsync("AUTH PLAIN !!!"), StringComparison.Ordinal);
        Assert.StartsWith("250 2.0.0", await client.CommandAsync("NOOP"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_endpoint_that_requires_AUTH_refuses_MAIL_until_then()
    {
        await using var server = await SmtpTestServer.StartAsync((_, e) =>
        {
            e.AuthRequired = true;
            e.AllowInsecureAuth = true;
        });
        await using var client = await RawSmtpClient.GreetAsync(server.EndPoint);

        Assert.StartsWith("530 5.7.0", await client.CommandAsync("MAIL FROM:<a@example.org>"), StringComparison.Ordinal);
        await client.CommandAsync("AUTH PLAIN AHJlbGF5AHMzY3JldA==");
        Assert.StartsWith("250", await client.CommandAsync("MAIL FROM:<a@example.org>"), StringComparison.Ordinal);
        await client.CommandAsync("RCPT TO:<b@example.com>");
        await client.CommandAsync("DATA");
        await client.CommandAsync("x\r\n.");
        var message = server.SingleMessage();
        Assert.Equal("relay", message.Transaction.AuthenticatedUser);
        Assert.Contains("with ESMTPA id", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Implicit_TLS_endpoints_speak_TLS_from_the_first_byte()
    {
        await using var server = await SmtpTestServer.StartAsync((_, e) => e.TlsMode = SmtpTlsMode.Implicit);
        await using var client = await RawSmtpClient.ConnectAsync(server.EndPoint, readGreeting: false);
        await client.StartTlsAsync();

        Assert.StartsWith("220 mx.test", await client.ReadReplyAsync(), StringComparison.Ordinal);
        var ehlo = await client.CommandAsync("EHLO client.test");
        Assert.DoesNotContain("STARTTLS", ehlo, StringComparison.Ordinal);
        Assert.Contains("AUTH PLAIN LOGIN", ehlo, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_generated_certificate_is_kept_and_reused()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mailhub-smtp-{Guid.NewGuid():N}", "smtp.pfx");
        try
        {
            string first;
            await using (var server = await SmtpTestServer.StartAsync((o, _) => o.CertificatePath = path))
            {
                first = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(path)));
            }

            await using (var again = await SmtpTestServer.StartAsync((o, _) => o.CertificatePath = path))
            {
                Assert.Equal(first, Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(path))));
            }
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public async Task A_failed_TLS_handshake_ends_the_session_quietly()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await RawSmtpClient.GreetAsync(server.EndPoint);
        await client.CommandAsync("STARTTLS");

        await client.SendAsync("MAIL FROM:<a@example.org>\r\n"); // not a TLS ClientHello

        Assert.True(await client.IsClosedByServerAsync());
    }

    [Fact]
    public async Task Stopping_the_server_tells_idle_clients_421_and_hangs_up()
    {
        var server = await SmtpTestServer.StartAsync();
        await using var client = await RawSmtpClient.GreetAsync(server.EndPoint);

        await server.DisposeAsync();

        Assert.StartsWith("421 4.3.2", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.True(await client.IsClosedByServerAsync());
    }
}
