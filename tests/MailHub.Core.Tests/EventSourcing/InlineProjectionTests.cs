using JasperFx.Events;
using JasperFx.Events.Projections;
using MailHub.Core.EventSourcing;
using MailHub.Testing;
using Marten;
using Marten.Events.Projections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace MailHub.Core.Tests.EventSourcing;

/// <summary>An event of another module, which the projection does not read.</summary>
public sealed record Received(string Stream);

/// <summary>A projection of our own table, as a module writes its read model: the sum of each stream's numbers.</summary>
internal sealed class NotedTotals : ProjectionBase, IProjection
{
    public const string ProjectionName = "tests.totals";
    public const string Table = "projection_tests.totals";

    public NotedTotals() => IncludeType<Noted>();

    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        foreach (var noted in events.Select(e => e.Data).OfType<Noted>())
        {
            operations.QueueSqlCommand(
                $"INSERT INTO {Table} (stream, total) VALUES (?, ?) ON CONFLICT (stream) DO UPDATE SET total = totals.total + excluded.total",
                noted.Stream, noted.N);
        }
        return Task.CompletedTask;
    }
}

public sealed class InlineProjectionTests
{
    [Fact]
    public async Task The_projection_writes_with_the_append_and_a_rebuild_gives_wiped_and_damaged_rows_back()
    {
        using var node = await StartAsync("projection_rebuild");
        await node.AppendAsync("conversation-a", null, 1, 2);
        await node.AppendAsync("conversation-a", 2, 3);
        await node.AppendAsync("conversation-b", null, 10);
        Assert.Equal(new Dictionary<string, int> { ["conversation-a"] = 6, ["conversation-b"] = 10 }, await TotalsAsync(node));

        await ExecuteAsync(node, $"UPDATE {NotedTotals.Table} SET total = 0 WHERE stream = 'conversation-a'");
        await ExecuteAsync(node, $"DELETE FROM {NotedTotals.Table} WHERE stream = 'conversation-b'");
        await ExecuteAsync(node, $"INSERT INTO {NotedTotals.Table} VALUES ('conversation-ghost', 99)");

        await node.Services.GetRequiredService<ProjectionRebuild>().RunAsync(NotedTotals.ProjectionName, CancellationToken.None);

        Assert.Equal(new Dictionary<string, int> { ["conversation-a"] = 6, ["conversation-b"] = 10 }, await TotalsAsync(node));
        await node.StopAsync();
    }

    [Fact]
    public async Task A_writer_waits_while_a_rebuild_runs_and_its_change_lands_after_it()
    {
        using var node = await StartAsync("projection_gate");
        await node.AppendAsync("conversation-a", null, 1);
        var dataSource = node.Services.GetRequiredService<NpgsqlDataSource>();
        // Hold the projection's gate as a rebuild does.
        await using var rebuild = await dataSource.OpenConnectionAsync();
        await ExecuteAsync(rebuild, $"SELECT pg_advisory_lock({RebuildGate.KeyOf(NotedTotals.ProjectionName)})");

        var append = node.AppendAsync("conversation-a", 1, 2);
        await Eventually.GetAsync(async () => await WaitingForGateAsync(dataSource) ? "waiting" : null, "the writer waiting at the gate",
            TimeSpan.FromSeconds(20));
        // It waits before writing anything: no event drew a sequence number a rebuild would have to wait for.
        Assert.False(append.IsCompleted);
        Assert.Equal(1L, await ScalarAsync<long>(dataSource, "SELECT count(*) FROM events.mt_events"));

        await ExecuteAsync(rebuild, $"SELECT pg_advisory_unlock({RebuildGate.KeyOf(NotedTotals.ProjectionName)})");
        await append;
        Assert.Equal(3, (await TotalsAsync(node))["conversation-a"]);
        await node.StopAsync();
    }

    [Fact]
    public async Task A_rebuild_waits_for_a_writer_in_flight_and_replays_its_events_too()
    {
        using var node = await StartAsync("projection_inflight");
        await node.AppendAsync("conversation-a", null, 1);
        var dataSource = node.Services.GetRequiredService<NpgsqlDataSource>();
        await using var writer = await dataSource.OpenConnectionAsync();
        await using var open = await writer.BeginTransactionAsync();
        await node.AppendAsync(open, "conversation-b", null, 5);
        // A later append commits first, past the open one's sequence number.
        await node.AppendAsync("conversation-a", 1, 2);

        var rebuild = node.Services.GetRequiredService<ProjectionRebuild>().RunAsync(NotedTotals.ProjectionName, CancellationToken.None);
        await Eventually.GetAsync(async () => await WaitingForGateAsync(dataSource) ? "waiting" : null, "the rebuild waiting at the gate",
            TimeSpan.FromSeconds(20));
        Assert.False(rebuild.IsCompleted);
        await open.CommitAsync();
        await rebuild;

        Assert.Equal(new Dictionary<string, int> { ["conversation-a"] = 3, ["conversation-b"] = 5 }, await TotalsAsync(node));
        await node.StopAsync();
    }

    /// <summary>
    /// A high-water mark stops under a sequence number a live transaction may still commit. Another module's append
    /// (an SMTP batch) in flight below the projection's last event must not leave that event out of the rebuild.
    /// </summary>
    [Fact]
    public async Task A_rebuild_replays_events_committed_above_another_streams_append_in_flight()
    {
        using var node = await StartAsync("projection_gap");
        await node.AppendAsync("conversation-a", null, 1);
        var dataSource = node.Services.GetRequiredService<NpgsqlDataSource>();
        await using var inbound = await dataSource.OpenConnectionAsync();
        await using var open = await inbound.BeginTransactionAsync();
        await using (var session = node.Services.GetRequiredService<IDocumentStore>().LightweightSession(Marten.Services.SessionOptions.ForTransaction(open)))
        {
            session.Events.StartStream("inbound-1", new Received("inbound-1"));
            await session.SaveChangesAsync();
        }
        await node.AppendAsync("conversation-a", 1, 2);

        var rebuild = node.Services.GetRequiredService<ProjectionRebuild>().RunAsync(NotedTotals.ProjectionName, CancellationToken.None);
        await Eventually.GetAsync(async () => await ScalarAsync<bool>(dataSource, $"SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND mode = 'ExclusiveLock' AND objid = {(uint)RebuildGate.KeyOf(NotedTotals.ProjectionName)}::bigint::oid)") ? "held" : null,
            "the rebuild holding the gate", TimeSpan.FromSeconds(20));
        // It waits for the transaction in flight rather than replay up to the mark under its sequence number.
        Assert.False(await Eventually.HoldsAsync(() => Task.FromResult(rebuild.IsCompleted), TimeSpan.FromSeconds(5)));
        await open.CommitAsync();
        await rebuild;

        Assert.Equal(3, (await TotalsAsync(node))["conversation-a"]);
        await node.StopAsync();
    }

    private static Task<IHost> StartAsync(string database) =>
        TestDatabase.CreateAsync(database).ContinueWith(created => EventNodes.StartAsync(created.Result, new Deliveries(),
            migrate: async services =>
            {
                await services.ApplyEventStoreSchemaAsync();
                await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
                await ExecuteAsync(connection,
                    $"CREATE SCHEMA projection_tests; CREATE TABLE {NotedTotals.Table} (stream text PRIMARY KEY, total int NOT NULL)");
            },
            services: s => s.AddEventType<Received>("tests.received").AddInlineProjection<NotedTotals>(NotedTotals.ProjectionName, NotedTotals.Table)),
            TaskScheduler.Default).Unwrap();

    private static async Task<bool> WaitingForGateAsync(NpgsqlDataSource dataSource) =>
        await ScalarAsync<bool>(dataSource, "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted)");

    private static async Task<Dictionary<string, int>> TotalsAsync(IHost node)
    {
        await using var command = node.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand($"SELECT stream, total FROM {NotedTotals.Table}");
        await using var reader = await command.ExecuteReaderAsync();
        var totals = new Dictionary<string, int>();
        while (await reader.ReadAsync())
            totals[reader.GetString(0)] = reader.GetInt32(1);
        return totals;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(IHost node, string sql)
    {
        await using var command = node.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
