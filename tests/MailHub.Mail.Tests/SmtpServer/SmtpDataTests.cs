using System.Text;
using MailHub.Mail.Tests.SmtpServer.Support;

namespace MailHub.Mail.Tests.SmtpServer;

public class SmtpDataTests
{
    private static async Task<RawSmtpClient> ReadyForDataAsync(SmtpTestServer server, string from = "<a@example.org>")
    {
        var client = await RawSmtpClient.GreetAsync(server.EndPoint);
        Assert.StartsWith("250", await client.CommandAsync("MAIL FROM:" + from), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.CommandAsync("RCPT TO:<b@example.com>"), StringComparison.Ordinal);
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

        Assert.StartsWith("250", await client.CommandAsync("..x\r\n...\r\n. \r\nend\r\n."), StringComparison.Ordinal);
        Assert.Equal(".x\r\n..\r\n \r\nend\r\n", server.SingleMessage().Body);
    }

    [Theory]
    [InlineData("\n.\n")]
    [InlineData("\r.\r")]
    [InlineData("\r\n.\n")]
    [InlineData("\n.\r\n")]
    public async Task A_bare_LF_or_CR_terminator_never_splits_the_message_in_two(string fakeEnd)
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await ReadyForDataAsync(server);
        await client.CommandAsync("DATA");

        // A smuggling attempt: a fake end of data, then a second transaction inside the first message.
        var smuggled = "Subject: one\r\n\r\nfirst" + fakeEnd +
            "MAIL FROM:<ceo@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nSubject: forged\r\n\r\nsecond\r\n.\r\n";
        await client.SendAsync(smuggled);

        Assert.StartsWith("250 2.0.0", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.StartsWith("250 2.0.0", await client.CommandAsync("NOOP"), StringComparison.Ordinal);
        var message = server.SingleMessage();
        Assert.Contains("Subject: forged", message.Body, StringComparison.Ordinal);
        Assert.EndsWith("second\r\n", message.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_36_MB_message_is_refused_with_552_while_reading_and_the_session_stays_usable()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await ReadyForDataAsync(server);
        await client.CommandAsync("DATA");

        var line = Encoding.ASCII.GetBytes(new string('x', 998) + "\r\n");
        var block = new byte[line.Length * 1000];
        for (var i = 0; i < 1000; i++)
        {
            line.CopyTo(block, i * line.Length);
        }

        for (var sent = 0L; sent < 36L * 1024 * 1024; sent += block.Length)
        {
            await client.SendAsync(block);
        }

        Assert.StartsWith("552 5.3.4", await client.CommandAsync("."), StringComparison.Ordinal);
        Assert.Empty(server.Store.Messages);
        Assert.Equal(1, server.Store.Aborted);

        Assert.StartsWith("250", await client.CommandAsync("MAIL FROM:<a@example.org>"), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.CommandAsync("RCPT TO:<b@example.com>"), StringComparison.Ordinal);
        Assert.StartsWith("354", await client.CommandAsync("DATA"), StringComparison.Ordinal);
        Assert.StartsWith("250 2.0.0", await client.CommandAsync("small\r\n."), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_over_a_small_limit_is_refused_after_the_terminator()
    {
        await using var server = await SmtpTestServer.StartAsync((o, _) => o.MaxMessageSize = 100);
        await using var client = await ReadyForDataAsync(server);
        await client.CommandAsync("DATA");

        Assert.StartsWith("552 5.3.4", await client.CommandAsync(new string('y', 101) + "\r\n."), StringComparison.Ordinal);
        Assert.StartsWith("250 2.0.0", await client.CommandAsync("NOOP"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_store_gets_451_never_250()
    {
        await using var server = await SmtpTestServer.StartAsync();
        server.Store.FailCommit = true;
        await using var client = await ReadyForDataAsync(server);
        await client.CommandAsync("DATA");

        Assert.StartsWith("451 4.3.0", await client.CommandAsync("hello\r\n."), StringComparison.Ordinal);
        Assert.Empty(server.Store.Messages);
        Assert.StartsWith("250", await client.CommandAsync("MAIL FROM:<a@example.org>"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_slower_than_StoreTimeout_gets_451()
    {
        await using var server = await SmtpTestServer.StartAsync((o, _) => o.StoreTimeout = TimeSpan.FromMilliseconds(200));
        server.Store.CommitDelay = TimeSpan.FromSeconds(2);
        await using var client = await ReadyForDataAsync(server);
        await client.CommandAsync("DATA");

        Assert.StartsWith("451 4.3.0", await client.CommandAsync("hello\r\n."), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BDAT_chunks_make_one_message_taken_byte_for_byte()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await ReadyForDataAsync(server);

        await client.SendAsync("BDAT 18\r\nSubject: c\r\n\r\n.x\r\n");
        Assert.Equal("250 2.0.0 18 octets received", await client.ReadReplyAsync());
        await client.SendAsync("BDAT 7 LAST\r\nend\r\n\r\n");
        Assert.StartsWith("250 2.0.0 OK queued as", await client.ReadReplyAsync(), StringComparison.Ordinal);

        Assert.Equal("Subject: c\r\n\r\n.x\r\nend\r\n\r\n", server.SingleMessage().Body);
    }

    [Fact]
    public async Task BDAT_0_LAST_ends_a_chunked_message()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await ReadyForDataAsync(server);

        await client.SendAsync("BDAT 5\r\nab\r\nCBDAT 0 LAST\r\n");
        Assert.StartsWith("250 2.0.0 5 octets", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.StartsWith("250 2.0.0 OK queued", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.Equal("ab\r\nC", server.SingleMessage().Body);
    }

    [Fact]
    public async Task BDAT_out_of_order_is_refused_and_its_chunk_skipped()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await RawSmtpClient.GreetAsync(server.EndPoint);

        await client.SendAsync("BDAT 6 LAST\r\nQUIT\r\nNOOP\r\n");
        Assert.StartsWith("503 5.5.1", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.StartsWith("250 2.0.0 OK", await client.ReadReplyAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DATA_after_BDAT_is_a_bad_sequence_and_RSET_drops_the_chunks()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await ReadyForDataAsync(server);

        await client.SendAsync("BDAT 3\r\nabc");
        Assert.StartsWith("250", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.StartsWith("503 5.5.1", await client.CommandAsync("DATA"), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.CommandAsync("RSET"), StringComparison.Ordinal);
        Assert.Empty(server.Store.Messages);
        Assert.Equal(1, server.Store.Aborted);
    }

    [Fact]
    public async Task BDAT_over_the_size_limit_is_drained_and_refused()
    {
        await using var server = await SmtpTestServer.StartAsync((o, _) => o.MaxMessageSize = 10);
        await using var client = await ReadyForDataAsync(server);

        await client.SendAsync("BDAT 20 LAST\r\n" + new string('z', 20) + "NOOP\r\n");
        Assert.StartsWith("552 5.3.4", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.StartsWith("250 2.0.0 OK", await client.ReadReplyAsync(), StringComparison.Ordinal);
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
        Assert.Equal("用户@例え.jp", message.Transaction.Recipients[0].ToString());
        Assert.Contains("with UTF8SMTP id", message.Text, StringComparison.Ordinal);
    }
}
