using MailHub.Mail.Tests.SmtpServer.Support;

namespace MailHub.Mail.Tests.SmtpServer;

public class SmtpCommandTests
{
    [Fact]
    public async Task EHLO_lists_the_extensions()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await RawSmtpClient.ConnectAsync(server.EndPoint);

        var reply = await client.CommandAsync("EHLO client.test");

        foreach (var extension in new[] { "PIPELINING", "SIZE 36700160", "8BITMIME", "SMTPUTF8", "STARTTLS", "ENHANCEDSTATUSCODES" })
        {
            Assert.Contains("250-" + extension, reply.Replace("250 ", "250-", StringComparison.Ordinal), StringComparison.Ordinal);
        }

        Assert.DoesNotContain("AUTH", reply, StringComparison.Ordinal); // not before TLS
    }

    [Fact]
    public async Task RCPT_before_MAIL_is_a_bad_sequence()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await RawSmtpClient.GreetAsync(server.EndPoint);

        Assert.StartsWith("503 5.5.1", await client.CommandAsync("RCPT TO:<a@example.com>"), StringComparison.Ordinal);
        Assert.StartsWith("503 5.5.1", await client.CommandAsync("DATA"), StringComparison.Ordinal);
        Assert.Empty(server.Store.Messages);
    }

    [Fact]
    public async Task MAIL_before_EHLO_is_a_bad_sequence()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await RawSmtpClient.ConnectAsync(server.EndPoint);

        Assert.StartsWith("503 5.5.1", await client.CommandAsync("MAIL FROM:<a@example.org>"), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.CommandAsync("EHLO client.test"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FOO bar", "500 5.5.2")]
    [InlineData("MAIL TO:<a@example.org>", "501 5.5.4")]
    [InlineData("MAIL FROM:<a b@example.org>", "501 5.1.7")]
    [InlineData("MAIL FROM:<a@example.org> FOO=1", "555 5.5.4")]
    [InlineData("MAIL FROM:<a@example.org> BODY=BINARYMIME", "555 5.5.4")]
    [InlineData("MAIL FROM:<a@example.org> SIZE=999999999", "552 5.3.4")]
    [InlineData("MAIL FROM:<a@example.org> SIZE=100 BODY=8BITMIME", "250 2.1.0")]
    [InlineData("MAIL FROM:<ü@example.org>", "553 5.6.7")] // RFC 6531 §3.5: non-ASCII addresses only in a transaction that declared SMTPUTF8
    [InlineData("MAIL FROM:<a@bücher.example>", "553 5.6.7")]
    [InlineData("RCPT TO:<b@example.com>", "503 5.5.1")]
    [InlineData("VRFY someone", "252 2.5.0")]
    [InlineData("VRFY", "501 5.5.4")]
    [InlineData("EXPN staff", "502 5.5.1")]
    [InlineData("HELP", "214 2.0.0")]
    [InlineData("NOOP", "250 2.0.0")]
    [InlineData("RSET", "250 2.0.0")]
    [InlineData("QUIT", "221 2.0.0")]
    [InlineData("EHLO", "501 5.5.4")]
    public async Task Each_command_gets_its_reply(string command, string expected)
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await RawSmtpClient.GreetAsync(server.EndPoint);

        Assert.StartsWith(expected, await client.CommandAsync(command), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_too_long_command_line_is_refused_and_the_session_goes_on()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await RawSmtpClient.GreetAsync(server.EndPoint);

        Assert.StartsWith("500 5.5.6", await client.CommandAsync("NOOP " + new string('x', 5000)), StringComparison.Ordinal);
        Assert.StartsWith("250 2.0.0", await client.CommandAsync("NOOP"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RCPT_parameters_are_refused_with_555_and_the_transaction_goes_on()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await RawSmtpClient.GreetAsync(server.EndPoint);
        await client.CommandAsync("MAIL FROM:<a@example.org>");

        Assert.StartsWith("555 5.5.4", await client.CommandAsync("RCPT TO:<b@example.com> NOTIFY=NEVER"), StringComparison.Ordinal); // DSN is not offered
        Assert.StartsWith("250 2.1.5", await client.CommandAsync("RCPT TO:<b@example.com>"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_line_that_never_ends_gets_500_and_the_connection_is_closed()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await RawSmtpClient.GreetAsync(server.EndPoint);

        try
        {
            for (var i = 0; i < 64; i++)
            {
                await client.SendAsync("NOOP " + new string('x', 16 * 1024)); // 1 MB, no CRLF
            }
        }
        catch (IOException)
        {
            // The server hung up while we were still sending.
        }

        Assert.StartsWith("500 5.5.6", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.True(await client.IsClosedByServerAsync());
    }

    [Fact]
    public async Task The_101st_recipient_is_refused_with_452()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await RawSmtpClient.GreetAsync(server.EndPoint);
        await client.CommandAsync("MAIL FROM:<a@example.org>");

        for (var i = 0; i < 100; i++)
        {
            Assert.StartsWith("250 2.1.5", await client.CommandAsync($"RCPT TO:<r{i}@example.com>"), StringComparison.Ordinal);
        }

        Assert.StartsWith("452 4.5.3", await client.CommandAsync("RCPT TO:<r100@example.com>"), StringComparison.Ordinal);
        Assert.StartsWith("354", await client.CommandAsync("DATA"), StringComparison.Ordinal);
        Assert.StartsWith("250 2.0.0", await client.CommandAsync("Subject: many\r\n\r\nHi\r\n."), StringComparison.Ordinal);
        Assert.Equal(100, server.SingleMessage().Transaction.Recipients.Count);
    }

    [Theory]
    [InlineData("RCPT TO:<jürgen@example.com>")]
    [InlineData("RCPT TO:<b@例え.jp>")]
    public async Task A_non_ASCII_recipient_without_SMTPUTF8_gets_553_and_the_transaction_goes_on(string rcpt)
    {
        await using var server = await SmtpTestServer.StartAsync((o, _) => o.AcceptDomains.Add("例え.jp"));
        await using var client = await RawSmtpClient.GreetAsync(server.EndPoint);
        await client.CommandAsync("MAIL FROM:<a@example.org>");

        Assert.StartsWith("553 5.6.7", await client.CommandAsync(rcpt), StringComparison.Ordinal);
        Assert.StartsWith("250 2.1.5", await client.CommandAsync("RCPT TO:<b@example.com>"), StringComparison.Ordinal);
        await client.CommandAsync("DATA");
        Assert.StartsWith("250 2.0.0", await client.CommandAsync("Subject: x\r\n\r\nx\r\n."), StringComparison.Ordinal);
        Assert.Equal(["b@example.com"], server.SingleMessage().Transaction.Recipients);
    }

    [Theory]
    [InlineData("postmaster")]
    [InlineData("PostMaster")]
    public async Task The_bare_postmaster_is_accepted_and_delivered_to_as_sent(string postmaster)
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await RawSmtpClient.GreetAsync(server.EndPoint);
        await client.CommandAsync("MAIL FROM:<a@example.org>");

        // RFC 5321 §4.1.1.3: "Postmaster" without a domain, case-insensitive, must be recognized.
        Assert.StartsWith("250 2.1.5", await client.CommandAsync($"RCPT TO:<{postmaster}>"), StringComparison.Ordinal);
        Assert.StartsWith("501 5.1.3", await client.CommandAsync("RCPT TO:<webmaster>"), StringComparison.Ordinal); // only postmaster goes without a domain
        await client.CommandAsync("DATA");
        Assert.StartsWith("250 2.0.0", await client.CommandAsync("Subject: abuse\r\n\r\nx\r\n."), StringComparison.Ordinal);
        var message = server.SingleMessage();
        Assert.Equal([postmaster], message.Transaction.Recipients);
        Assert.Contains($"\r\n\tfor <{postmaster}>; ", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mail_for_other_domains_is_not_relayed_even_when_authenticated()
    {
        await using var server = await SmtpTestServer.StartAsync((_, e) => e.AllowInsecureAuth = true);
        await using var client = await RawSmtpClient.GreetAsync(server.EndPoint);
        Assert.StartsWith("235 2.7.0", await client.CommandAsync("AUTH PLAIN AHJlbGF5AHMzY3JldA=="), StringComparison.Ordinal);
        await client.CommandAsync("MAIL FROM:<a@example.org>");

        Assert.Equal("550 5.7.1 Relay not permitted", await client.CommandAsync("RCPT TO:<victim@elsewhere.test>"));
        Assert.StartsWith("250 2.1.5", await client.CommandAsync("RCPT TO:<postmaster@example.com>"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commands_sent_one_byte_at_a_time_and_pipelined_are_answered_in_order()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await RawSmtpClient.ConnectAsync(server.EndPoint);

        await client.SendByteByByteAsync(
            "EHLO client.test\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.com>\r\nRCPT TO:<c@nowhere.test>\r\nDATA\r\n");
        Assert.StartsWith("250-mx.test", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.StartsWith("250 2.1.0", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.StartsWith("250 2.1.5", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.StartsWith("550 5.7.1", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.StartsWith("354", await client.ReadReplyAsync(), StringComparison.Ordinal);
        await client.SendByteByByteAsync("Subject: slow\r\n\r\nbody\r\n.\r\nQUIT\r\n");
        Assert.StartsWith("250 2.0.0", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.StartsWith("221 2.0.0", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.Equal("Subject: slow\r\n\r\nbody\r\n", server.SingleMessage().Body);
    }

    [Fact]
    public async Task A_whole_pipelined_transaction_in_one_packet_gets_all_replies()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await RawSmtpClient.GreetAsync(server.EndPoint);

        await client.SendAsync("MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nhello\r\n.\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nagain\r\n.\r\nQUIT\r\n");

        string[] expected = ["250 2.1.0", "250 2.1.5", "354", "250 2.0.0", "250 2.1.0", "250 2.1.5", "354", "250 2.0.0", "221 2.0.0"];
        foreach (var code in expected)
        {
            Assert.StartsWith(code, await client.ReadReplyAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(["hello\r\n", "again\r\n"], server.Store.Messages.Select(m => m.Body));
    }

    [Fact]
    public async Task Too_many_bad_commands_end_the_session_with_421()
    {
        await using var server = await SmtpTestServer.StartAsync((o, _) => o.MaxBadCommands = 3);
        await using var client = await RawSmtpClient.GreetAsync(server.EndPoint);

        await client.CommandAsync("FOO");
        Assert.StartsWith("250", await client.CommandAsync("NOOP"), StringComparison.Ordinal); // counted per session, not in a row
        await client.CommandAsync("MAIL FROM:<a@example.org> FOO=1");
        Assert.StartsWith("500 5.5.2", await client.CommandAsync("BAZ"), StringComparison.Ordinal);
        Assert.Equal("421 4.7.0 Too many errors, closing connection", await client.ReadReplyAsync());
        Assert.True(await client.IsClosedByServerAsync());
    }

    [Fact]
    public async Task A_silent_client_gets_421_after_the_command_timeout()
    {
        await using var server = await SmtpTestServer.StartAsync((o, _) => o.CommandTimeout = TimeSpan.FromMilliseconds(500));
        await using var client = await RawSmtpClient.GreetAsync(server.EndPoint);

        Assert.Equal("421 4.4.2 Timeout, closing connection", await client.ReadReplyAsync()); // RFC 5321 §4.5.3.2
        Assert.True(await client.IsClosedByServerAsync());
    }

    [Fact]
    public async Task A_session_past_its_time_gets_421_even_while_active()
    {
        await using var server = await SmtpTestServer.StartAsync((o, _) => o.SessionTimeout = TimeSpan.FromMilliseconds(800));
        await using var client = await RawSmtpClient.GreetAsync(server.EndPoint);

        string reply;
        do
        {
            reply = await client.CommandAsync("NOOP");
        }
        while (reply.StartsWith("250", StringComparison.Ordinal));

        Assert.StartsWith("421 4.4.2", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connections_beyond_the_per_address_limit_get_421()
    {
        await using var server = await SmtpTestServer.StartAsync((o, _) => o.MaxConnectionsPerIp = 1);
        await using var first = await RawSmtpClient.GreetAsync(server.EndPoint);
        await using var second = await RawSmtpClient.ConnectAsync(server.EndPoint, readGreeting: false);

        Assert.StartsWith("421 4.7.0", await second.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.True(await second.IsClosedByServerAsync());
        Assert.StartsWith("250", await first.CommandAsync("NOOP"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clients_outside_the_allowed_networks_are_refused_at_connect()
    {
        await using var server = await SmtpTestServer.StartAsync((_, e) =>
        {
            e.RequireAllowedIp = true;
            e.AllowedNetworks.Add("10.0.0.0/8");
        });
        await using var client = await RawSmtpClient.ConnectAsync(server.EndPoint, readGreeting: false);

        Assert.StartsWith("554 5.7.1", await client.ReadReplyAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clients_inside_the_allowed_networks_are_served()
    {
        await using var server = await SmtpTestServer.StartAsync((_, e) =>
        {
            e.RequireAllowedIp = true;
            e.AllowedNetworks.Add("127.0.0.0/8");
        });
        await using var client = await RawSmtpClient.GreetAsync(server.EndPoint);
    }
}
