using MailHub.Core.EventSourcing;
using MailHub.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace MailHub.Core.Tests.EventSourcing;

/// <summary>Streams started in the caller's own batch read, append, conflict and deliver as Marten's own starts do.</summary>
public sealed class StreamStartsTests : IAsyncLifetime
{
    private IHost _node = null!;
    private readonly Deliveries _deliveries = new();

    public async Task InitializeAsync() => _node = await EventNodes.StartAsync(await TestDatabase.CreateAsync("starts"), _deliveries);

    public async Task DisposeAsync()
    {
        await _node.StopAsync();
        _node.Dispose();
    }

    private IDocumentStore Store => _node.Services.GetRequiredService<IDocumentStore>();

    /// <summary>Starts the streams in one NpgsqlBatch of the caller's transaction, beside a row of the caller's.</summary>
    private async Task StartAsync(params string[] streams)
    {
        var dataSource = _node.Services.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await StartAsync(transaction, streams);
        await transaction.CommitAsync();
    }

    private async Task StartAsync(NpgsqlTransaction transaction, params string[] streams)
    {
        var starts = _node.Services.GetRequiredService<StreamStarts>();
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction);
        foreach (var command in starts.Commands<Noted>([.. streams.Select((s, i) => (s, new Noted(s, i + 1)))]))
            batch.BatchCommands.Add(command);
        await batch.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Started_streams_read_back_through_Marten_at_version_one_and_take_appends_at_that_version()
    {
        await StartAsync("inbound-a", "inbound-b");

        var a = await Store.ReadStreamAsync("inbound-a");
        var only = Assert.Single(a);
        Assert.Equal(1, only.Version);
        Assert.Equal("inbound-a", only.StreamKey);
        Assert.Equal(new Noted("inbound-a", 1), only.Data);
        Assert.Equal(new Noted("inbound-b", 2), Assert.Single(await Store.ReadStreamAsync("inbound-b")).Data);
        await using var query = Store.QuerySession();
        var state = await query.Events.FetchStreamStateAsync("inbound-b");
        Assert.Equal(1, state!.Version);

        await _node.AppendAsync("inbound-a", 1, 5);
        Assert.Equal([1L, 2L], (await Store.ReadStreamAsync("inbound-a")).Select(e => e.Version));
        var stale = await Assert.ThrowsAnyAsync<Exception>(() => _node.AppendAsync("inbound-b", 0, 6));
        Assert.True(StreamConflicts.IsLostRace(stale), stale.ToString());
    }

    [Fact]
    public async Task Events_are_stored_as_Marten_stores_them()
    {
        await StartAsync("inbound-stored");
        await _node.AppendAsync("inbound-marten", null, 1);

        var dataSource = _node.Services.GetRequiredService<NpgsqlDataSource>();
        await using var command = dataSource.CreateCommand("""
            SELECT e.stream_id, e.type, e.mt_dotnet_type, e.data::text, e.tenant_id, s.version, s.type, s.tenant_id
            FROM events.mt_events e JOIN events.mt_streams s ON s.id = e.stream_id ORDER BY e.seq_id
            """);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }
        Assert.Equal(2, rows.Count);
        Assert.Equal("inbound-stored", rows[0][0]);
        Assert.Equal(rows[1][1..3], rows[0][1..3]);
        Assert.Equal("""{"n": 1, "stream": "inbound-stored"}""", rows[0][3]);
        Assert.Equal(rows[1][4..], rows[0][4..]);
    }

    [Fact]
    public async Task A_stream_that_exists_is_a_lost_race_and_nothing_of_the_batch_is_kept()
    {
        await StartAsync("inbound-once");

        var again = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync("inbound-new", "inbound-once"));
        Assert.True(StreamConflicts.IsLostRace(again), again.ToString());
        Assert.Single(await Store.ReadStreamAsync("inbound-once"));
        Assert.Empty(await Store.ReadStreamAsync("inbound-new"));
    }

    [Fact]
    public async Task Starts_commit_and_roll_back_with_the_callers_transaction()
    {
        var dataSource = _node.Services.GetRequiredService<NpgsqlDataSource>();
        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await StartAsync(transaction, "inbound-rolled-back");
            await transaction.RollbackAsync();
        }
        Assert.Empty(await Store.ReadStreamAsync("inbound-rolled-back"));
    }

    [Fact]
    public async Task A_subscription_gets_the_started_streams_in_the_order_given_between_Marten_appends()
    {
        await _node.AppendAsync("conversation-first", null, 1);
        await StartAsync([.. Enumerable.Range(1, 50).Select(n => $"inbound-{n:D2}")]);
        await _node.AppendAsync("conversation-last", null, 1);

        await _deliveries.WaitUntilAsync(seen => seen.Any(e => e.Stream == "conversation-last"), "the last append arrived");
        var seen = _deliveries.Seen.DistinctBy(e => e.Stream).ToList();
        Assert.Equal(["conversation-first", .. Enumerable.Range(1, 50).Select(n => $"inbound-{n:D2}"), "conversation-last"],
            seen.Select(e => e.Stream));
        Assert.Equal(seen.Select(e => e.Sequence).Order(), seen.Select(e => e.Sequence));
        Assert.Equal(Enumerable.Range(1, 50), seen.Where(e => e.Stream.StartsWith("inbound-", StringComparison.Ordinal)).Select(e => e.N));
    }

    /// <summary>Batches within one wake interval send one NOTIFY between them; the daemon's polling finds the rest.</summary>
    [Fact]
    public async Task Batches_started_back_to_back_are_all_delivered()
    {
        for (var n = 1; n <= 5; n++)
            await StartAsync($"inbound-burst-{n}");

        await _deliveries.WaitUntilAsync(seen => seen.Count(e => e.Stream.StartsWith("inbound-burst-", StringComparison.Ordinal)) == 5,
            "every batch arrived");
    }
}
