using MailHub.Core.Database;
using MailHub.Core.EventSourcing;
using MailHub.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MailHub.Core.Tests.EventSourcing;

/// <summary>A database written by the home-made event store (core.streams, core.events, core.subscriptions), upgraded.</summary>
public sealed class UpgradeTests
{
    [Fact]
    public async Task The_old_stores_events_and_checkpoints_carry_over_into_Marten_and_the_old_tables_go()
    {
        var database = await TestDatabase.CreateAsync("upgrade");
        await using (var dataSource = NpgsqlDataSource.Create(database))
        {
            var before = CoreSchema.Migrations.Where(m => m.Version < 5).ToList();
            await new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance).ApplyAsync([("core", before)]);
            // As the old store wrote them: two transactions, the second appending to both streams; the
            // subscription's checkpoint after the first transaction's events.
            await using var write = dataSource.CreateCommand("""
                INSERT INTO core.streams VALUES ('conversation-a', 2), ('conversation-b', 2);
                INSERT INTO core.events (stream_id, version, type, data) VALUES
                    ('conversation-a', 1, 'tests.noted', '{"stream": "conversation-a", "n": 1}'),
                    ('conversation-b', 1, 'tests.noted', '{"stream": "conversation-b", "n": 1}');
                INSERT INTO core.subscriptions (name, transaction_id, position)
                    SELECT 'tests.noted', transaction_id, max(position) FROM core.events GROUP BY transaction_id;
                """);
            await write.ExecuteNonQueryAsync();
            await using var second = dataSource.CreateCommand("""
                INSERT INTO core.events (stream_id, version, type, data) VALUES
                    ('conversation-b', 2, 'tests.noted', '{"stream": "conversation-b", "n": 2}'),
                    ('conversation-a', 2, 'tests.noted', '{"stream": "conversation-a", "n": 2}');
                """);
            await second.ExecuteNonQueryAsync();
        }

        var deliveries = new Deliveries();
        using var node = await EventNodes.StartAsync(database, deliveries, migrate: services =>
            new MigrationRunner(services.GetRequiredService<NpgsqlDataSource>(), NullLogger<MigrationRunner>.Instance)
                .ApplyAsync([("core", CoreSchema.Migrations)], first: _ => services.ApplyEventStoreSchemaAsync()));
        var store = node.Services.GetRequiredService<IDocumentStore>();

        var a = await store.ReadStreamAsync("conversation-a");
        Assert.Equal([1L, 2L], a.Select(e => e.Version));
        Assert.Equal([1, 2], a.Select(e => ((Noted)e.Data).N));
        // The stream's version came along: the next append is checked against it.
        await node.AppendAsync("conversation-a", 2, 3);
        await Assert.ThrowsAnyAsync<Exception>(() => node.AppendAsync("conversation-b", 1, 3));
        // The subscription resumes after its checkpoint, in the old global order, then takes the new event.
        await deliveries.WaitUntilAsync(seen => seen.Count >= 3, "the events after the checkpoint arrived");
        Assert.Equal([("conversation-b", 2), ("conversation-a", 2), ("conversation-a", 3)], deliveries.Seen.Select(e => (e.Stream, e.N)));

        var dataSourceAfter = node.Services.GetRequiredService<NpgsqlDataSource>();
        await using var gone = dataSourceAfter.CreateCommand(
            "SELECT to_regclass('core.events') IS NULL AND to_regclass('core.streams') IS NULL AND to_regclass('core.subscriptions') IS NULL");
        Assert.True((bool)(await gone.ExecuteScalarAsync())!);
        await node.StopAsync();
    }
}
