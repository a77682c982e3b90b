using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MailHub.Channels.Contracts;
using MailHub.Channels.Tests.Mailboxes;
using MailHub.Channels.Tests.Support;
using JasperFx.Events;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MailHub.Testing;
using Marten;
using Npgsql;

namespace MailHub.Channels.Tests.Outbox;

/// <summary>The host with capture off, sending to a scripted SMTP server, retrying quickly.</summary>
public sealed class SendingHost : ChannelsHost
{
    /// <summary>
    /// A provider's SMTP server: offers DSN and AUTH (only the password "right" logs in), refuses RCPT for refused@…
    /// with 550 5.1.1, and answers the first DATA of each Message-ID with 451 4.3.0 and every later one with 250.
    /// </summary>
    public SmtpPeer Peer { get; }

    /// <summary>A server that offers CHUNKING (RFC 3030), PIPELINING and 8BITMIME, and takes everything.</summary>
    public SmtpPeer Chunking { get; } = new("PIPELINING", "CHUNKING", "8BITMIME", "SIZE 10000000");

    /// <summary>A server with no extension at all: no CHUNKING, no 8BITMIME, no PIPELINING.</summary>
    public SmtpPeer Plain { get; } = new();

    /// <summary>A server that takes every message and then says nothing to QUIT until the client hangs up.</summary>
    public SmtpPeer SlowGoodbye { get; } = new("8BITMIME") { Holds = stage => stage == "QUIT" };

    /// <summary>The messages received with this Message-ID so far.</summary>
    public IReadOnlyList<SmtpPeerMessage> Received(string messageId) => [.. Peer.Messages.Where(m => m.MessageId == messageId)];

    public SendingHost()
    {
        Peer = new("8BITMIME", "DSN", "AUTH PLAIN LOGIN", "SIZE 10000000")
        {
            Replies = line => line.Split(' ')[0].ToUpperInvariant() switch
            {
                "AUTH" => Encoding.UTF8.GetString(Convert.FromBase64String(line.Split(' ')[^1])).Split('\0')[^1] == "right"
                    ? "235 2.7.0 Authentication successful" : "535 5.7.8 Error: authentication failed: bad password",
                "RCPT" when line.Contains("<refused@", StringComparison.OrdinalIgnoreCase) =>
                    "550 5.1.1 <refused@example.org>: Recipient address rejected: User unknown",
                _ => null,
            },
            DataReply = message => message.MessageId.Length > 0 && Received(message.MessageId).Count == 0
                ? "451 4.3.0 Temporary local problem, try again later" : "250 2.0.0 Ok: queued",
        };
        Settings["MailHub:Outbound:Capture"] = "false";
        Settings["MailHub:Outbound:RetryDelay"] = "00:00:00.500";
        Settings["MailHub:Outbound:PollInterval"] = "00:00:00.200";
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // Added last, so it wins over appsettings.Testing.json's capture.
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(Settings));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Peer.DisposeAsync();
        await Chunking.DisposeAsync();
        await Plain.DisposeAsync();
        await SlowGoodbye.DisposeAsync();
    }
}

/// <summary>The outbox retries 4xx with backoff, records 5xx per recipient as final, and reports both as events.</summary>
public sealed class OutboxDeliveryTests(SendingHost host) : IClassFixture<SendingHost>
{
    [Fact]
    public async Task A_451_is_retried_and_a_550_recipient_is_final_while_the_other_recipient_gets_the_message()
    {
        using var client = await host.CreateClientAsync();
        var mailbox = await MailboxApi.CreateAsync(client, new
        {
            name = "Relay Out",
            address = "out@relay.example.com",
            inbound = new { protocol = "relay" },
            outbound = new { host = "127.0.0.1", port = host.Peer.Port, security = "none" },
        });
        var mailboxId = Guid.Parse(mailbox.GetProperty("id").GetString()!);
        var content = "From: out@relay.example.com\r\nTo: ok@example.org, refused@example.org\r\nSubject: retry me\r\nMessage-ID: <retry-1@relay.example.com>\r\n\r\nHi\r\n"u8.ToArray();
        var outboundId = await host.Services.GetRequiredService<IOutbox>().EnqueueAsync(new OutboundMessage(
            mailboxId, "<retry-1@relay.example.com>", "out@relay.example.com", ["ok@example.org", "refused@example.org"], content, "c-1"));

        var events = await WaitForFinalEventAsync(outboundId);
        var temporary = Assert.IsType<OutboundFailed>(events[0].Data);
        Assert.False(temporary.Permanent);
        Assert.StartsWith("451", temporary.Status, StringComparison.Ordinal);
        var final = Assert.IsType<OutboundFailed>(events[^1].Data);
        Assert.True(final.Permanent);
        Assert.Equal("550 5.1.1", final.Status);
        Assert.Contains("refused@example.org", final.Detail, StringComparison.Ordinal);
        Assert.Equal("c-1", final.CorrelationId);

        Assert.Equal(2, host.Received("retry-1@relay.example.com").Count);
        var accepted = Assert.Single(host.Received("retry-1@relay.example.com"), m => m.Reply.StartsWith("250", StringComparison.Ordinal));
        Assert.Equal(["ok@example.org"], accepted.Recipients);

        await using var db = await host.DatabaseAsync();
        await using var command = db.CreateCommand("SELECT state, recipient_results::text FROM channels.outbox WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = outboundId });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("partial", reader.GetString(0));
        var results = JsonDocument.Parse(reader.GetString(1)).RootElement;
        Assert.True(results.GetProperty("ok@example.org").GetProperty("accepted").GetBoolean());
        Assert.Equal(550, results.GetProperty("refused@example.org").GetProperty("code").GetInt32());
        Assert.True(results.GetProperty("refused@example.org").GetProperty("final").GetBoolean());
    }

    [Fact]
    public async Task A_message_that_gets_451_then_250_is_delivered_once_with_its_Message_ID()
    {
        using var client = await host.CreateClientAsync();
        var mailbox = await MailboxApi.CreateAsync(client, new
        {
            name = "Relay Out 2",
            address = "out2@relay.example.com",
            inbound = new { protocol = "relay" },
            outbound = new { host = "127.0.0.1", port = host.Peer.Port, security = "none" },
        });
        var mailboxId = Guid.Parse(mailbox.GetProperty("id").GetString()!);
        var content = "From: out2@relay.example.com\r\nTo: ok@example.org\r\nSubject: once\r\nMessage-ID: <once-1@relay.example.com>\r\n\r\nHi\r\n"u8.ToArray();
        var outboundId = await host.Services.GetRequiredService<IOutbox>().EnqueueAsync(new OutboundMessage(
            mailboxId, "once-1@relay.example.com", "out2@relay.example.com", ["ok@example.org"], content, null));

        var events = await WaitForFinalEventAsync(outboundId);
        Assert.IsType<OutboundDelivered>(events[^1].Data);
        Assert.Equal("once-1@relay.example.com", Assert.IsType<OutboundDelivered>(events[^1].Data).MessageId);
        Assert.Single(host.Received("once-1@relay.example.com"), m => m.Reply.StartsWith("250", StringComparison.Ordinal));
        // The retry sent the very bytes of the first attempt, which are the stored ones.
        Assert.Equal([Encoding.UTF8.GetString(content), Encoding.UTF8.GetString(content)], host.Received("once-1@relay.example.com").Select(m => m.Text));
        // DSN (RFC 3461): failure and delay reports asked for, matched back to the row by ENVID.
        Assert.Contains(host.Peer.Commands, c => c.StartsWith("MAIL FROM:<out2@relay.example.com>", StringComparison.Ordinal)
            && c.Contains($" ENVID={outboundId:N} RET=HDRS", StringComparison.Ordinal));
        Assert.Contains("RCPT TO:<ok@example.org> NOTIFY=FAILURE,DELAY ORCPT=rfc822;ok@example.org", host.Peer.Commands);
    }

    [Fact]
    public async Task A_refused_login_is_retried_with_the_servers_words_and_what_to_do_and_a_right_one_sends()
    {
        using var client = await host.CreateClientAsync();
        static byte[] Mail(string from, string messageId) => Encoding.UTF8.GetBytes(
            $"From: {from}\r\nTo: ok@example.org\r\nBcc: hidden@example.org\r\nSubject: login\r\nMessage-ID: <{messageId}>\r\n\r\nHi\r\n");
        var wrong = await MailboxApi.CreateAsync(client, new
        {
            name = "Relay Out 3",
            address = "out3@relay.example.com",
            inbound = new { protocol = "relay" },
            outbound = new { host = "127.0.0.1", port = host.Peer.Port, security = "none", username = "out3", password = "wrong" },
        });
        var outbox = host.Services.GetRequiredService<IOutbox>();
        var refusedId = await outbox.EnqueueAsync(new OutboundMessage(
            Guid.Parse(wrong.GetProperty("id").GetString()!), "login-1@relay.example.com", "out3@relay.example.com", ["ok@example.org"],
            Mail("out3@relay.example.com", "login-1@relay.example.com"), null));
        var first = Assert.IsType<OutboundFailed>((await WaitForEventAsync(refusedId))[0].Data);
        Assert.False(first.Permanent);
        Assert.StartsWith("535", first.Status, StringComparison.Ordinal);
        Assert.Contains("refused the login (535 5.7.8 Error: authentication failed: bad password)", first.Detail, StringComparison.Ordinal);
        Assert.Contains("Check the user name and password", first.Detail, StringComparison.Ordinal);
        Assert.Empty(host.Received("login-1@relay.example.com"));

        var right = await MailboxApi.CreateAsync(client, new
        {
            name = "Relay Out 4",
            address = "out4@relay.example.com",
            inbound = new { protocol = "relay" },
            outbound = new { host = "127.0.0.1", port = host.Peer.Port, security = "none", username = "out4", password = "right" },
        });
        var sentId = await outbox.EnqueueAsync(new OutboundMessage(
            Guid.Parse(right.GetProperty("id").GetString()!), "login-2@relay.example.com", "out4@relay.example.com", ["ok@example.org"],
            Mail("out4@relay.example.com", "login-2@relay.example.com"), null));
        var events = await WaitForFinalEventAsync(sentId);
        Assert.IsType<OutboundDelivered>(events[^1].Data);
        // Bcc is an envelope matter: the header never leaves.
        var sent = host.Received("login-2@relay.example.com").Select(m => m.Text).ToList();
        Assert.NotEmpty(sent);
        Assert.All(sent, data => Assert.DoesNotContain("hidden@example.org", data, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_megabyte_of_lines_starting_with_dots_arrives_intact_at_a_CHUNKING_server_and_as_7_bit_at_a_server_without_8BITMIME()
    {
        using var client = await host.CreateClientAsync();
        var body = DottedMail.Body(1 << 20);
        async Task<byte[]> SendAsync(string address, SmtpPeer peer)
        {
            var mailbox = await MailboxApi.CreateAsync(client, new
            {
                name = "Dotted " + address,
                address,
                inbound = new { protocol = "relay" },
                outbound = new { host = "127.0.0.1", port = peer.Port, security = "none" },
            });
            var messageId = $"dotted-{Guid.NewGuid():N}@relay.example.com";
            var content = DottedMail.Message(address, "ok@example.org", "dotted", messageId, body);
            var id = await host.Services.GetRequiredService<IOutbox>().EnqueueAsync(new OutboundMessage(
                Guid.Parse(mailbox.GetProperty("id").GetString()!), messageId, address, ["ok@example.org"], content, null));
            Assert.IsType<OutboundDelivered>((await WaitForFinalEventAsync(id))[^1].Data);
            var received = Assert.Single(peer.Messages, m => m.MessageId == messageId);
            Assert.Equal(["ok@example.org"], received.Recipients);
            if (peer == host.Chunking)
                Assert.Equal(content, received.Content);
            return received.Content;
        }

        await SendAsync("dotted-chunking@relay.example.com", host.Chunking);

        var sevenBit = await SendAsync("dotted-plain@relay.example.com", host.Plain);
        Assert.DoesNotContain(sevenBit, b => b > 127);
        Assert.DoesNotContain(host.Plain.Commands, c => c.Contains("BODY=", StringComparison.Ordinal) || c.StartsWith("BDAT", StringComparison.Ordinal));
        using var read = MimeKit.MimeMessage.Load(new MemoryStream(sevenBit));
        Assert.Equal(body.ReplaceLineEndings("\n"), read.TextBody?.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task A_delivery_is_recorded_as_soon_as_the_server_took_the_message_while_it_still_holds_back_its_answer_to_QUIT()
    {
        using var client = await host.CreateClientAsync();
        var mailbox = await MailboxApi.CreateAsync(client, new
        {
            name = "Relay Out Slow",
            address = "out-slow@relay.example.com",
            inbound = new { protocol = "relay" },
            outbound = new { host = "127.0.0.1", port = host.SlowGoodbye.Port, security = "none" },
        });
        var content = "From: out-slow@relay.example.com\r\nTo: ok@example.org\r\nSubject: bye\r\nMessage-ID: <bye-1@relay.example.com>\r\n\r\nHi\r\n"u8.ToArray();
        var id = await host.Services.GetRequiredService<IOutbox>().EnqueueAsync(new OutboundMessage(
            Guid.Parse(mailbox.GetProperty("id").GetString()!), "bye-1@relay.example.com", "out-slow@relay.example.com", ["ok@example.org"], content, null));

        // Delivered on record while the server has not answered QUIT (it would take the 2-minute timeout): a node that
        // died now would leave no queued row for another node to send again.
        Assert.IsType<OutboundDelivered>((await WaitForFinalEventAsync(id))[^1].Data);
        // The client records the delivery after DATA's 250 and only then writes QUIT: on a loaded machine the peer may
        // read that QUIT a moment after the event is on record.
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(!host.SlowGoodbye.Held.IsEmpty), TimeSpan.FromSeconds(10)),
            "the server never saw QUIT");
        var held = Assert.Single(host.SlowGoodbye.Held);
        Assert.Equal("QUIT", held.Stage);
        Assert.False(held.HungUp.IsCompleted);
        Assert.Single(host.SlowGoodbye.Messages, m => m.MessageId == "bye-1@relay.example.com" && m.Reply.StartsWith("250", StringComparison.Ordinal));
    }

    private async Task<IReadOnlyList<IEvent>> WaitForEventAsync(Guid outboundId)
    {
        var store = host.Services.GetRequiredService<IDocumentStore>();
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var events = await store.ReadStreamAsync(OutboundDelivered.StreamOf(outboundId));
            if (events.Count > 0)
                return events;
            await Task.Delay(100);
        }
        Assert.Fail($"No outcome for {outboundId}");
        return [];
    }

    private async Task<IReadOnlyList<IEvent>> WaitForFinalEventAsync(Guid outboundId)
    {
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        IReadOnlyList<IEvent> events;
        do
        {
            events = await store.ReadStreamAsync(OutboundDelivered.StreamOf(outboundId));
            if (events.Count > 0 && (events[^1].Data is OutboundDelivered || events[^1].Data is OutboundFailed { Permanent: true }))
                return events;
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"No final outcome for {outboundId}: {string.Join(", ", events.Select(e => e.Data))}");
        return events;
    }
}
