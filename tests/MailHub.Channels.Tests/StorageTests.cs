using MailHub.Channels.Tests.Support;
using Npgsql;

namespace MailHub.Channels.Tests;

/// <summary>Content is stored once by SHA-256; each real delivery is its own inbound row.</summary>
public sealed class StorageTests(ChannelsHost host) : IClassFixture<ChannelsHost>
{
    [Fact]
    public async Task The_same_message_delivered_twice_is_one_raw_row_and_two_inbound_rows()
    {
        const string message = "Subject: twice\r\nFrom: twice@example.org\r\nMessage-ID: <twice@example.org>\r\n\r\nsame bytes\r\n";
        for (var i = 0; i < 2; i++)
        {
            await using var probe = await SmtpProbe.ConnectAsync(host.Smtp);
            Assert.StartsWith("250 ", await probe.SendAsync("twice@example.org", "twice@example.com", message), StringComparison.Ordinal);
        }

        await using var db = await host.DatabaseAsync();
        Assert.Equal(2L, await Scalar(db, "SELECT count(*) FROM channels.inbound_messages WHERE message_id = 'twice@example.org'"));
        Assert.Equal(1L, await Scalar(db, "SELECT count(DISTINCT sha256) FROM channels.inbound_messages WHERE message_id = 'twice@example.org'"));
        Assert.Equal(1L, await Scalar(db, """
            SELECT count(*) FROM channels.raw_messages
            WHERE sha256 IN (SELECT sha256 FROM channels.inbound_messages WHERE message_id = 'twice@example.org')
            """));
    }

    [Fact]
    public async Task Each_stored_message_has_its_MessageReceived_event_in_the_same_transaction()
    {
        await using (var probe = await SmtpProbe.ConnectAsync(host.Smtp))
            Assert.StartsWith("250 ", await probe.SendAsync("event@example.org", "event@example.com", "Subject: evented\r\n\r\nhi\r\n"), StringComparison.Ordinal);

        await using var db = await host.DatabaseAsync();
        Assert.Equal(1L, await Scalar(db, """
            SELECT count(*) FROM events.mt_events e JOIN channels.inbound_messages m ON e.stream_id = 'inbound-' || m.id
            WHERE m.subject = 'evented' AND e.type = 'channels.message-received'
              AND e.data->>'sha256' = encode(m.sha256, 'hex') AND e.data->>'mailFrom' = 'event@example.org'
              AND e.data->>'isReply' = 'false'
            """));
    }

    [Fact]
    public async Task The_event_tells_whether_the_message_names_an_earlier_one()
    {
        await using (var probe = await SmtpProbe.ConnectAsync(host.Smtp))
        {
            await probe.SendAsync("event@example.org", "event@example.com", "Subject: answer\r\nIn-Reply-To: <q1@example.com>\r\n\r\nhi\r\n");
            await probe.SendAsync("event@example.org", "event@example.com", "Subject: thread\r\nReferences: <q1@example.com> <q2@example.com>\r\n\r\nhi\r\n");
            await probe.SendAsync("event@example.org", "event@example.com", "Subject: fresh\r\n\r\nhi\r\n");
        }

        await using var db = await host.DatabaseAsync();
        async Task<string> IsReply(string subject)
        {
            await using var command = db.CreateCommand("""
                SELECT e.data->>'isReply' FROM events.mt_events e JOIN channels.inbound_messages m ON e.stream_id = 'inbound-' || m.id
                WHERE m.subject = $1
                """);
            command.Parameters.Add(new() { Value = subject });
            return (string)(await command.ExecuteScalarAsync())!;
        }
        Assert.Equal("true", await IsReply("answer"));
        Assert.Equal("true", await IsReply("thread"));
        Assert.Equal("false", await IsReply("fresh"));
    }

    internal static async Task<long> Scalar(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

/// <summary>When PostgreSQL is down the client hears 451 4.3.0 and keeps its message; never 250.</summary>
public sealed class DatabaseDownTests : IAsyncLifetime
{
    private readonly ChannelsHost _host = new();

    public Task InitializeAsync()
    {
        _host.Settings["MailHub:Smtp:StoreTimeout"] = "00:00:05";
        return _host.InitializeAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task With_the_database_down_DATA_gets_451_4_3_0_and_after_it_returns_250()
    {
        await using (var probe = await SmtpProbe.ConnectAsync(_host.Smtp))
            Assert.StartsWith("250 ", await probe.SendAsync("a@example.org", "b@example.com", "Subject: before\r\n\r\nhi\r\n"), StringComparison.Ordinal);

        await _host.TakeDatabaseDownAsync();
        try
        {
            await using var probe = await SmtpProbe.ConnectAsync(_host.Smtp);
            var reply = await probe.SendAsync("a@example.org", "b@example.com", "Subject: while down\r\n\r\nhi\r\n");
            Assert.StartsWith("451 4.3.0", reply, StringComparison.Ordinal);
        }
        finally
        {
            await _host.TakeDatabaseDownAsync(down: false);
        }

        await using (var probe = await SmtpProbe.ConnectAsync(_host.Smtp))
            Assert.StartsWith("250 ", await probe.SendAsync("a@example.org", "b@example.com", "Subject: after\r\n\r\nhi\r\n"), StringComparison.Ordinal);
        await using var db = await _host.DatabaseAsync();
        Assert.Equal(0L, await StorageTests.Scalar(db, "SELECT count(*) FROM channels.inbound_messages WHERE subject = 'while down'"));
    }
}

/// <summary>
/// A commit that lands after its client heard 451 (the database was slow past StoreTimeout) is matched
/// by the client's retry instead of stored a second time.
/// </summary>
public sealed class LateCommitRetryTests : IAsyncLifetime
{
    private readonly ChannelsHost _host = new();

    public Task InitializeAsync()
    {
        _host.Settings["MailHub:Smtp:StoreTimeout"] = "00:00:02";
        return _host.InitializeAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_retry_after_a_451_whose_commit_landed_late_is_the_same_single_row()
    {
        const string message = "Subject: late commit\r\nFrom: late@example.org\r\nMessage-ID: <late@example.org>\r\n\r\nslow database\r\n";
        await using var db = await _host.DatabaseAsync();
        await using (var blocker = await db.OpenConnectionAsync())
        {
            // Writes to inbound_messages wait behind this lock: the database is "slow".
            await using var transaction = await blocker.BeginTransactionAsync();
            await using (var lockTable = new NpgsqlCommand("LOCK TABLE channels.inbound_messages IN EXCLUSIVE MODE", blocker, transaction))
                await lockTable.ExecuteNonQueryAsync();
            await using var probe = await SmtpProbe.ConnectAsync(_host.Smtp);
            Assert.StartsWith("451 4.3.0", await probe.SendAsync("late@example.org", "late@example.com", message), StringComparison.Ordinal);
            await transaction.CommitAsync();
        }

        // The batch goes on after the lock and commits the message, flagged for the retry.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await StorageTests.Scalar(db, "SELECT count(*) FROM channels.inbound_messages WHERE message_id = 'late@example.org' AND unacknowledged") == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the late commit never landed");
            await Task.Delay(100);
        }

        await using (var retry = await SmtpProbe.ConnectAsync(_host.Smtp))
            Assert.StartsWith("250 ", await retry.SendAsync("late@example.org", "late@example.com", message), StringComparison.Ordinal);

        Assert.Equal(1L, await StorageTests.Scalar(db, "SELECT count(*) FROM channels.inbound_messages WHERE message_id = 'late@example.org'"));
        Assert.Equal(0L, await StorageTests.Scalar(db, "SELECT count(*) FROM channels.inbound_messages WHERE message_id = 'late@example.org' AND unacknowledged"));

        // A true second delivery of the same message (its first one heard 250) is a row of its own.
        await using (var again = await SmtpProbe.ConnectAsync(_host.Smtp))
            Assert.StartsWith("250 ", await again.SendAsync("late@example.org", "late@example.com", message), StringComparison.Ordinal);
        Assert.Equal(2L, await StorageTests.Scalar(db, "SELECT count(*) FROM channels.inbound_messages WHERE message_id = 'late@example.org'"));
    }
}
