using MailHub.Mail.Tests.SmtpServer.Support;

namespace MailHub.Mail.Tests.SmtpServer;

/// <summary>CHUNKING/BDAT (RFC 3030) as a client that offers it (Exchange, Gmail) uses it.</summary>
public class SmtpChunkingTests
{
    private static async Task<RawSmtpClient> ReadyForChunksAsync(SmtpTestServer server)
    {
        var client = await RawSmtpClient.ConnectAsync(server.EndPoint);
        Assert.Contains("250-CHUNKING", (await client.CommandAsync("EHLO client.test")).Replace("250 ", "250-", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.StartsWith("250 2.1.0", await client.CommandAsync("MAIL FROM:<a@example.org>"), StringComparison.Ordinal);
        Assert.StartsWith("250 2.1.5", await client.CommandAsync("RCPT TO:<b@example.com>"), StringComparison.Ordinal);
        return client;
    }

    [Fact]
    public async Task BDAT_chunks_make_one_message_taken_byte_for_byte()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await ReadyForChunksAsync(server);

        await client.SendAsync("BDAT 18\r\nSubject: c\r\n\r\n.x\r\n");
        Assert.Equal("250 2.0.0 18 octets received", await client.ReadReplyAsync());
        await client.SendAsync("BDAT 12 LAST\r\nend\r\n.\r\n..\r\n");
        Assert.StartsWith("250 2.0.0 OK queued as", await client.ReadReplyAsync(), StringComparison.Ordinal);

        // Dots at line starts and a "." line are content here, not stuffing or a terminator.
        Assert.Equal("Subject: c\r\n\r\n.x\r\nend\r\n.\r\n..\r\n", server.SingleMessage().Body);
        Assert.StartsWith("250 2.1.0", await client.CommandAsync("MAIL FROM:<a@example.org>"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BDAT_0_LAST_ends_a_chunked_message_pipelined_with_its_chunk()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await ReadyForChunksAsync(server);

        await client.SendAsync("BDAT 7\r\nab\r\nC\r\nBDAT 0 LAST\r\nQUIT\r\n");
        Assert.StartsWith("250 2.0.0 7 octets", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.StartsWith("250 2.0.0 OK queued", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.StartsWith("221 2.0.0", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.Equal("ab\r\nC\r\n", server.SingleMessage().Body);
    }

    [Fact]
    public async Task BDAT_out_of_order_is_refused_and_its_chunk_skipped()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await RawSmtpClient.GreetAsync(server.EndPoint);

        await client.SendAsync("BDAT 6 LAST\r\nQUIT\r\nNOOP\r\n");
        Assert.StartsWith("503 5.5.1", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.StartsWith("250 2.0.0 OK", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.Empty(server.Store.Messages);
    }

    [Fact]
    public async Task DATA_after_BDAT_is_a_bad_sequence_and_RSET_drops_the_chunks()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await ReadyForChunksAsync(server);

        await client.SendAsync("BDAT 3\r\nabc");
        Assert.StartsWith("250 2.0.0", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.StartsWith("503 5.5.1", await client.CommandAsync("DATA"), StringComparison.Ordinal);
        Assert.StartsWith("250 2.0.0", await client.CommandAsync("RSET"), StringComparison.Ordinal);
        await client.SendAsync("BDAT 1 LAST\r\nx");
        Assert.StartsWith("503 5.5.1", await client.ReadReplyAsync(), StringComparison.Ordinal); // no transaction after RSET
        Assert.Empty(server.Store.Messages);
    }

    [Fact]
    public async Task BDAT_over_the_size_limit_is_read_past_and_refused_and_the_session_goes_on()
    {
        await using var server = await SmtpTestServer.StartAsync((o, _) => o.MaxMessageSize = 10);
        await using var client = await ReadyForChunksAsync(server);

        await client.SendAsync("BDAT 20 LAST\r\n" + new string('z', 20) + "NOOP\r\n");
        Assert.StartsWith("552 5.3.4", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.StartsWith("250 2.0.0 OK", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.StartsWith("250 2.1.0", await client.CommandAsync("MAIL FROM:<a@example.org>"), StringComparison.Ordinal);
        Assert.Empty(server.Store.Messages);
    }

    [Fact]
    public async Task A_BDAT_command_without_a_size_gets_501()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await ReadyForChunksAsync(server);

        Assert.StartsWith("501 5.5.4", await client.CommandAsync("BDAT LAST"), StringComparison.Ordinal);
    }
}
