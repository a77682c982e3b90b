using MailHub.Core.EventSourcing;
using MailHub.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace MailHub.Core.Tests.EventSourcing;

public sealed class EventStreamTests : IAsyncLifetime
{
    private IHost _node = null!;
    private readonly Deliveries _deliveries = new();

    public async Task InitializeAsync() => _node = await EventNodes.StartAsync(await TestDatabase.CreateAsync("streams"), _deliveries);

    public async Task DisposeAsync()
    {
        await _node.StopAsync();
        _node.Dispose();
    }

    private IDocumentStore Store => _node.Services.GetRequiredService<IDocumentStore>();

    [Fact]
    public async Task Events_commit_and_roll_back_with_the_callers_transaction()
    {
        var dataSource = _node.Services.GetRequiredService<NpgsqlDataSource>();
        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await _node.AppendAsync(transaction, "conversation-rolled-back", null, 1, 2);
            await transaction.RollbackAsync();
        }
        await _node.AppendAsync("conversation-kept", null, 1, 2);

        Assert.Empty(await Store.ReadStreamAsync("conversation-rolled-back"));
        var kept = await Store.ReadStreamAsync("conversation-kept");
        Assert.Equal([1L, 2L], kept.Select(e => e.Version));
        Assert.Equal([1, 2], kept.Select(e => ((Noted)e.Data).N));
        Assert.All(kept, e => Assert.Equal("conversation-kept", e.StreamKey));
    }

    [Fact]
    public async Task Events_are_stored_under_their_mapped_type_name_with_camel_case_bodies()
    {
        await _node.AppendAsync("conversation-named", null, 7);

        var dataSource = _node.Services.GetRequiredService<NpgsqlDataSource>();
        await using var command = dataSource.CreateCommand("SELECT type, data->>'n' FROM events.mt_events WHERE stream_id = 'conversation-named'");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("tests.noted", reader.GetString(0));
        Assert.Equal("7", reader.GetString(1));
    }

    [Fact]
    public async Task A_stale_expected_version_or_a_second_start_is_a_lost_race_and_appends_nothing()
    {
        await _node.AppendAsync("conversation-race", null, 1);
        await _node.AppendAsync("conversation-race", 1, 2);

        var stale = await Assert.ThrowsAnyAsync<Exception>(() => _node.AppendAsync("conversation-race", 1, 3));
        Assert.True(StreamConflicts.IsLostRace(stale), stale.ToString());
        var restarted = await Assert.ThrowsAnyAsync<Exception>(() => _node.AppendAsync("conversation-race", null, 4));
        Assert.True(StreamConflicts.IsLostRace(restarted), restarted.ToString());

        Assert.Equal([1, 2], (await Store.ReadStreamAsync("conversation-race")).Select(e => ((Noted)e.Data).N));
    }

    [Fact]
    public async Task Of_writers_racing_at_one_version_exactly_one_wins()
    {
        await _node.AppendAsync("conversation-many", null, 0);
        var outcomes = await Task.WhenAll(Enumerable.Range(1, 8).Select(async n =>
        {
            try
            {
                await _node.AppendAsync("conversation-many", 1, n);
                return true;
            }
            catch (Exception e) when (StreamConflicts.IsLostRace(e))
            {
                return false;
            }
        }));

        Assert.Single(outcomes, won => won);
        Assert.Equal(2, (await Store.ReadStreamAsync("conversation-many")).Count);
    }
}
