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

    /// <summary>A server without PIPELINING that refuses MAIL FROM:&lt;refused-sender@…&gt; with 550 5.7.1.</summary>
    public SmtpPeer Sessions { get; } = new("8BITMIME")
    {
        Replies = line => line.StartsWith("MAIL FROM:<refused-sender@", StringComparison.OrdinalIgnoreCase) ? "550 5.7.1 Sender address rejected" : null,
    };

    /// <summary>A server that takes 25 ms to answer each bulk message (Message-ID bulk-…), and answers others at once.</summary>
    public SmtpPeer SlowBulk { get; } = new("8BITMIME", "PIPELINING")
    {
        DataReply = message =>
        {
            if (message.MessageId.StartsWith("bulk-", StringComparison.Ordinal))
                Thread.Sleep(25);
            return "250 2.0.0 Ok: queued";
        },
    };

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
        await Sessions.DisposeAsync();
        await SlowBulk.DisposeAsync();
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

    [Fact]
    public async Task Due_messages_of_a_mailbox_go_over_one_session_and_a_refused_sender_is_reset_without_ending_it()
    {
        using var client = await host.CreateClientAsync();
        var mailbox = await MailboxApi.CreateAsync(client, new
        {
            name = "Relay Session",
            address = "out-session@relay.example.com",
            inbound = new { protocol = "relay" },
            outbound = new { host = "127.0.0.1", port = host.Sessions.Port, security = "none" },
        });
        var mailboxId = Guid.Parse(mailbox.GetProperty("id").GetString()!);
        OutboundMessage Message(int i, string from) => new(mailboxId, $"session-{i}@relay.example.com", from, [$"reader{i}@example.org"],
            Encoding.UTF8.GetBytes($"From: {from}\r\nTo: reader{i}@example.org\r\nSubject: batch {i}\r\nMessage-ID: <session-{i}@relay.example.com>\r\n\r\nHi\r\n"),
            $"s-{i}");
        var messages = new[]
        {
            Message(1, "out-session@relay.example.com"), Message(2, "refused-sender@relay.example.com"),
            Message(3, "out-session@relay.example.com"), Message(4, "out-session@relay.example.com"),
        };
        IReadOnlyList<Guid> ids;
        await using (var db = await host.DatabaseAsync())
        await using (var connection = await db.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            // One statement for the batch, and idempotent on the Message-ID like one by one: the second call finds the rows.
            ids = await host.Services.GetRequiredService<IOutbox>().EnqueueAsync(transaction, messages);
            Assert.Equal(ids, await host.Services.GetRequiredService<IOutbox>().EnqueueAsync(transaction, messages));
            await transaction.CommitAsync();
        }

        var outcomes = new List<object>();
        foreach (var id in ids)
            outcomes.Add((await WaitForFinalEventAsync(id))[^1].Data);
        Assert.IsType<OutboundDelivered>(outcomes[0]);
        var refused = Assert.IsType<OutboundFailed>(outcomes[1]);
        Assert.True(refused.Permanent);
        Assert.StartsWith("550", refused.Status, StringComparison.Ordinal);
        Assert.Contains("Sender address rejected", refused.Detail, StringComparison.Ordinal);
        Assert.IsType<OutboundDelivered>(outcomes[2]);
        Assert.IsType<OutboundDelivered>(outcomes[3]);
        Assert.Equal(3, host.Sessions.Messages.Count);
        // RFC 5321 §3.3: one session, several mail transactions; the refused one ended with RSET (§4.1.1.5), not a new connection.
        var commands = host.Sessions.Commands.ToList();
        Assert.Single(commands, c => c.StartsWith("EHLO", StringComparison.Ordinal));
        Assert.Equal(4, commands.Count(c => c.StartsWith("MAIL FROM:", StringComparison.Ordinal)));
        var refusedAt = commands.FindIndex(c => c.StartsWith("MAIL FROM:<refused-sender@", StringComparison.Ordinal));
        Assert.Equal("RSET", commands[refusedAt + 1]);
    }

    [Fact]
    public async Task A_message_whose_answer_a_dead_worker_put_on_record_is_recorded_from_it_and_not_sent_again()
    {
        using var client = await host.CreateClientAsync();
        var mailbox = await MailboxApi.CreateAsync(client, new
        {
            name = "Relay Answered",
            address = "out-answered@relay.example.com",
            inbound = new { protocol = "relay" },
            outbound = new { host = "127.0.0.1", port = host.Sessions.Port, security = "none" },
        });
        var content = "From: out-answered@relay.example.com\r\nTo: ok@example.org\r\nSubject: once\r\nMessage-ID: <answered-1@relay.example.com>\r\n\r\nHi\r\n"u8.ToArray();
        var id = await host.Services.GetRequiredService<IOutbox>().EnqueueAsync(new OutboundMessage(
            Guid.Parse(mailbox.GetProperty("id").GetString()!), "answered-1@relay.example.com", "out-answered@relay.example.com", ["ok@example.org"],
            content, "a-1", NotBefore: DateTimeOffset.UtcNow.AddHours(1)));

        // What a worker leaves when it dies after the server's 250 and before its batch's commit: the answer on record, the
        // row still queued at its first attempt.
        await using var db = await host.DatabaseAsync();
        await using (var answer = db.CreateCommand("""
            INSERT INTO channels.outbox_answers (outbox_id, attempt, recipient_results)
            VALUES ($1, 1, '{"ok@example.org": {"code": 250, "text": "2.0.0 Ok: queued as 1", "accepted": true, "final": true}}')
            """))
        {
            answer.Parameters.Add(new NpgsqlParameter { Value = id });
            await answer.ExecuteNonQueryAsync();
        }
        await using (var due = db.CreateCommand("UPDATE channels.outbox SET next_attempt_at = now() WHERE id = $1"))
        {
            due.Parameters.Add(new NpgsqlParameter { Value = id });
            await due.ExecuteNonQueryAsync();
        }

        Assert.IsType<OutboundDelivered>((await WaitForFinalEventAsync(id))[^1].Data);
        Assert.DoesNotContain(host.Sessions.Messages, m => m.MessageId == "answered-1@relay.example.com");
        await using var check = db.CreateCommand(
            "SELECT state, attempts, (SELECT count(*) FROM channels.outbox_answers WHERE outbox_id = $1) FROM channels.outbox WHERE id = $1");
        check.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await check.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("delivered", reader.GetString(0));
        Assert.Equal(1, reader.GetInt32(1));
        Assert.Equal(0, reader.GetInt64(2));
    }

    [Fact]
    public async Task An_agents_reply_goes_out_while_a_campaigns_bulk_mail_of_the_same_mailbox_is_still_sending()
    {
        using var client = await host.CreateClientAsync();
        var mailbox = await MailboxApi.CreateAsync(client, new
        {
            name = "Relay Bulk",
            address = "out-bulk@relay.example.com",
            inbound = new { protocol = "relay" },
            outbound = new { host = "127.0.0.1", port = host.SlowBulk.Port, security = "none" },
        });
        var mailboxId = Guid.Parse(mailbox.GetProperty("id").GetString()!);
        const int Bulk = 400;
        var bulk = Enumerable.Range(0, Bulk).Select(i => new OutboundMessage(mailboxId, $"bulk-{i}@relay.example.com", "out-bulk@relay.example.com",
            [$"reader{i}@example.org"],
            Encoding.UTF8.GetBytes($"From: out-bulk@relay.example.com\r\nTo: reader{i}@example.org\r\nSubject: news\r\nMessage-ID: <bulk-{i}@relay.example.com>\r\n\r\nNews\r\n"),
            $"b-{i}", Bulk: true)).ToList();
        var outbox = host.Services.GetRequiredService<IOutbox>();
        await using (var db = await host.DatabaseAsync())
        await using (var connection = await db.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await outbox.EnqueueAsync(transaction, bulk);
            await transaction.CommitAsync();
        }
        // Every bulk message takes the server 25 ms, so the campaign needs seconds; the reply, enqueued after all of it,
        // goes first (claimed before bulk, on the session bulk mail leaves free).
        var reply = await outbox.EnqueueAsync(new OutboundMessage(mailboxId, "reply-1@relay.example.com", "out-bulk@relay.example.com", ["customer@example.org"],
            "From: out-bulk@relay.example.com\r\nTo: customer@example.org\r\nSubject: Re: order\r\nMessage-ID: <reply-1@relay.example.com>\r\n\r\nShipped\r\n"u8.ToArray(),
            "r-1"));

        Assert.IsType<OutboundDelivered>((await WaitForFinalEventAsync(reply))[^1].Data);
        var bulkSent = host.SlowBulk.Messages.Count(m => m.MessageId.StartsWith("bulk-", StringComparison.Ordinal));
        Assert.True(bulkSent < Bulk, $"the reply went out only after all {Bulk} bulk messages");
        // Bulk mail never had more than all but one of the mailbox's sessions (3 by default).
        Assert.True(host.SlowBulk.Commands.Count(c => c.StartsWith("EHLO", StringComparison.Ordinal)) >= 2);
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
