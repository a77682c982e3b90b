using System.Text;
using MailHub.Mail.Tests.SmtpServer.Support;

namespace MailHub.Mail.Tests.SmtpServer;

public class SmtpDataTests
{
    private static async Task<RawSmtpClient> ReadyForDataAsync(SmtpTestServer server, string from = "<a@example.org>")
    {
        var client = await RawSmtpClient.GreetAsync(server.EndPoint);
        Assert.StartsWith("250 2.1.0", await client.CommandAsync("MAIL FROM:" + from), StringComparison.Ordinal);
        Assert.StartsWith("250 2.1.5", await client.CommandAsync("RCPT TO:<b@example.com>"), StringComparison.Ordinal);
        return client;
    }

    [Fact]
    public async Task A_message_is_stored_with_a_Received_header_and_its_envelope()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await ReadyForDataAsync(server, "<a@example.org> BODY=8BITMIME SIZE=100");

        Assert.StartsWith("354", await client.CommandAsync("DATA"), StringComparison.Ordinal);
        var reply = await client.CommandAsync("Subject: hi\r\n\r\nHello\r\n.");

        var message = server.SingleMessage();
        Assert.Equal("250 2.0.0 OK queued as " + message.Id, reply);
        Assert.StartsWith("Received: from client.test ([127.0.0.1])\r\n\tby mx.test (MailHub) with ESMTP id ", message.Text, StringComparison.Ordinal);
        Assert.Contains("\r\n\tfor <b@example.com>; ", message.Text, StringComparison.Ordinal);
        Assert.Equal("Subject: hi\r\n\r\nHello\r\n", message.Body);
        Assert.Equal("a@example.org", message.Transaction.MailFrom.ToString());
        Assert.True(message.Transaction.Body8Bit);
        Assert.Equal(100, message.Transaction.DeclaredSize);
        Assert.Equal("client.test", message.Transaction.HeloName);
    }

    [Fact]
    public async Task Dot_stuffing_is_undone_exactly()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await ReadyForDataAsync(server);
        await client.CommandAsync("DATA");

        // RFC 5321 §4.5.2: the client doubles a leading dot, on the first line too; the server takes one away.
        Assert.StartsWith("250", await client.CommandAsync("..x\r\n...\r\n..\r\nend\r\n."), StringComparison.Ordinal);
        Assert.Equal(".x\r\n..\r\n.\r\nend\r\n", server.SingleMessage().Body);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_line_that_starts_with_a_single_dot_and_more_loses_the_dot(bool byteByByte)
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await ReadyForDataAsync(server);
        await client.CommandAsync("DATA");

        // RFC 5321 §4.5.2: "If the first character is a period and there are other characters on the line,
        // the first character is deleted": from a sender that did not stuff, on the first line too, and before
        // a bare CR or LF (which do not end the line). "..", as a stuffing sender sends it, still keeps one.
        var section = ".first\r\nmid\r\n.x\r\n.\rb\r\n.\nc\r\n..y\r\n.\r\r\nend\r\n.\r\n";
        if (byteByByte)
        {
            await client.SendByteByByteAsync(section); // a held-back "." or "." CR at the end of every read
        }
        else
        {
            await client.SendAsync(section);
        }

        Assert.StartsWith("250 2.0.0", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.Equal("first\r\nmid\r\nx\r\n\rb\r\n\nc\r\n.y\r\n\r\r\nend\r\n", server.SingleMessage().Body);
    }

    [Theory]
    [InlineData("\n.\n")]
    [InlineData("\r.\r")]
    [InlineData("\r\n.\n")]
    [InlineData("\n.\r\n")]
    [InlineData("\r.\r\n")]
    [InlineData("\r\n.\r")]
    [InlineData("\n.\r")]
    [InlineData("\r.\n")]
    public async Task A_bare_LF_or_CR_terminator_never_splits_the_message_in_two(string fakeEnd)
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await ReadyForDataAsync(server);
        await client.CommandAsync("DATA");

        // A smuggling attempt (CVE-2023-51764): a fake end of data, then a second transaction inside the first message.
        var inside = "Subject: one\r\n\r\nfirst" + fakeEnd +
            "MAIL FROM:<ceo@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nSubject: forged\r\n\r\nsecond\r\n";
        await client.SendAsync(inside + ".\r\n");

        // One 250 for one message that holds everything; the next reply is the NOOP's.
        Assert.StartsWith("250 2.0.0", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.StartsWith("250 2.0.0", await client.CommandAsync("NOOP"), StringComparison.Ordinal);
        // After a real CRLF the fake end is a line that starts with "." and has more on it: it loses the "." (RFC 5321 §4.5.2).
        Assert.Equal(inside.Replace("\r\n.", "\r\n", StringComparison.Ordinal), server.SingleMessage().Body);
    }

    [Fact]
    public async Task An_empty_message_is_stored_empty()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await ReadyForDataAsync(server);
        await client.CommandAsync("DATA");

        Assert.StartsWith("250 2.0.0", await client.CommandAsync("."), StringComparison.Ordinal);
        Assert.Equal(0, server.SingleMessage().Length);
    }

    [Fact]
    public async Task A_message_over_MaxMessageSize_gets_552_and_the_connection_is_closed_while_it_is_being_sent()
    {
        await using var server = await SmtpTestServer.StartAsync((o, _) => o.MaxMessageSize = 256 * 1024);
        await using var client = await ReadyForDataAsync(server);
        await client.CommandAsync("DATA");

        // 8 MB and never a terminator: the server must answer before the end, not hold it all.
        var block = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(new string('x', 98) + "\r\n", 640)));
        try
        {
            for (var sent = 0; sent < 8 * 1024 * 1024; sent += block.Length)
            {
                await client.SendAsync(block);
            }
        }
        catch (IOException)
        {
            // The server hung up while we were still sending: what we want.
        }

        Assert.StartsWith("552 5.3.4", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.True(await client.IsClosedByServerAsync());
        Assert.Empty(server.Store.Messages);
    }

    [Fact]
    public async Task A_DATA_past_the_in_flight_budget_gets_452_and_the_next_try_after_it_is_freed_is_stored()
    {
        await using var server = await SmtpTestServer.StartAsync((o, _) => o.MaxInFlightBytes = 100_000);
        server.Store.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var first = await ReadyForDataAsync(server);
        await first.CommandAsync("DATA");
        await first.SendAsync("Subject: first\r\n\r\n" + new string('a', 60_000) + "\r\n.\r\n"); // held in memory by the gate

        // Sent is not held: until the first section is in the store (whole, budget taken), the second
        // could take the budget first and the first be the one refused.
        Assert.True(await server.Store.AtGate.WaitAsync(TimeSpan.FromSeconds(15)), "the first DATA never reached the store");
        await using var second = await ReadyForDataAsync(server);
        Assert.StartsWith("354", await second.CommandAsync("DATA"), StringComparison.Ordinal);
        try
        {
            await second.SendAsync("Subject: second\r\n\r\n" + new string('b', 60_000) + "\r\n.\r\n");
        }
        catch (IOException)
        {
        }

        Assert.StartsWith("452 4.3.1", await second.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.True(await second.IsClosedByServerAsync());

        server.Store.Gate.SetResult();
        Assert.StartsWith("250 2.0.0", await first.ReadReplyAsync(), StringComparison.Ordinal);
        await using var retry = await ReadyForDataAsync(server);
        await retry.CommandAsync("DATA");
        Assert.StartsWith("250 2.0.0", await retry.CommandAsync("Subject: second\r\n\r\n" + new string('b', 60_000) + "\r\n."), StringComparison.Ordinal);
        Assert.Equal(2, server.Store.Messages.Count);
    }

    [Fact]
    public async Task Non_ASCII_addresses_are_accepted_with_SMTPUTF8()
    {
        await using var server = await SmtpTestServer.StartAsync((o, _) => o.AcceptDomains.Add("例え.jp"));
        await using var client = await RawSmtpClient.GreetAsync(server.EndPoint);

        Assert.StartsWith("250", await client.CommandAsync("MAIL FROM:<josé@example.org> SMTPUTF8"), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.CommandAsync("RCPT TO:<用户@例え.jp>"), StringComparison.Ordinal);
        await client.CommandAsync("DATA");
        Assert.StartsWith("250", await client.CommandAsync("Subject: ü\r\n\r\nü\r\n."), StringComparison.Ordinal);
        var message = server.SingleMessage();
        Assert.True(message.Transaction.SmtpUtf8);
        Assert.Equal("用户@xn--r8jz45g.jp", message.Transaction.Recipients[0]); // the domain as its A-label (RFC 5890)
        Assert.Equal("josé@example.org", message.Transaction.MailFrom);
        Assert.Contains("with UTF8SMTP id", message.Text, StringComparison.Ordinal);

        // The next transaction did not declare SMTPUTF8 (RFC 6531 §3.5), and bytes that are not UTF-8 are no address.
        Assert.StartsWith("250 2.1.0", await client.CommandAsync("MAIL FROM:<a@example.org>"), StringComparison.Ordinal);
        Assert.StartsWith("553 5.6.7", await client.CommandAsync("RCPT TO:<用户@例え.jp>"), StringComparison.Ordinal);
        Assert.StartsWith("250 2.0.0", await client.CommandAsync("RSET"), StringComparison.Ordinal);
        await client.SendAsync([.. "MAIL FROM:<"u8, 0xFF, .. "@example.org> SMTPUTF8\r\n"u8]);
        Assert.StartsWith("501 5.6.7", await client.ReadReplyAsync(), StringComparison.Ordinal);
    }
}
