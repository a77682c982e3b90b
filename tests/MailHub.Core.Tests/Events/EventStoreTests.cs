using System.Collections.Concurrent;
using MailHub.Core.Events;
using MailHub.Testing;
using Npgsql;

namespace MailHub.Core.Tests.Events;

public sealed class EventStoreTests : IAsyncLifetime
{
    private NpgsqlDataSource _dataSource = null!;
    private EventStore _store = null!;

    public async Task InitializeAsync()
    {
        _dataSource = await TestDatabase.CreateMigratedAsync("events");
        _store = new EventStore(_dataSource);
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    private static EventData Event(string type, int n) => EventData.From(type, new { n });

    [Fact]
    public async Task Appends_and_reads_a_stream_in_order()
    {
        var version = await _store.AppendAsync("conversation-1", ExpectedVersion.NoStream, [Event("Opened", 1), Event("MessageAppended", 2)]);
        version = await _store.AppendAsync("conversation-1", version, [Event("Closed", 3)]);

        var events = await _store.ReadStreamAsync("conversation-1");
        Assert.Equal(3, version);
        Assert.Equal(["Opened", "MessageAppended", "Closed"], events.Select(e => e.Type));
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Version));
        Assert.Equal(3, events[2].As<Payload>().N);
    }

    [Fact]
    public async Task Streams_are_read_by_prefix_stream_by_stream_in_version_order_in_the_callers_transaction()
    {
        await _store.AppendAsync("rebuild-b", ExpectedVersion.NoStream, [Event("B", 1), Event("B", 2)]);
        await _store.AppendAsync("rebuild-a", ExpectedVersion.NoStream, [Event("A", 1)]);
        await _store.AppendAsync("other-a", ExpectedVersion.NoStream, [Event("Other", 1)]);
        await _store.AppendAsync("rebuild-a", 1, [Event("A", 2)]);

        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var read = new List<RecordedEvent>();
        await foreach (var recorded in EventStore.ReadStreamsAsync(transaction, "rebuild-"))
            read.Add(recorded);

        Assert.Equal(["rebuild-a@1", "rebuild-a@2", "rebuild-b@1", "rebuild-b@2"], read.Select(e => $"{e.StreamId}@{e.Version}"));
        Assert.Equal([1, 2, 1, 2], read.Select(e => e.As<Payload>().N));
    }

    [Fact]
    public async Task Many_new_streams_start_in_one_transaction_and_an_existing_one_fails_them_all()
    {
        await using (var connection = await _dataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await EventStore.AppendToNewStreamsAsync(transaction, [("inbound-1", Event("Received", 1)), ("inbound-2", Event("Received", 2))]);
            await transaction.CommitAsync();
        }
        Assert.Equal(2, (await _store.ReadStreamAsync("inbound-2")).Single().As<Payload>().N);

        await using (var connection = await _dataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await Assert.ThrowsAsync<ConcurrencyException>(() =>
                EventStore.AppendToNewStreamsAsync(transaction, [("inbound-3", Event("Received", 3)), ("inbound-1", Event("Received", 4))]));
        }
        Assert.Empty(await _store.ReadStreamAsync("inbound-3"));
        Assert.Single(await _store.ReadStreamAsync("inbound-1"));
    }

    [Fact]
    public async Task A_reader_of_some_types_gets_only_those_and_the_window_moves_past_the_rest()
    {
        for (var i = 0; i < 10; i++)
            await _store.AppendAsync($"typed-{i}", ExpectedVersion.NoStream, [Event(i % 3 == 0 ? "Wanted" : "Other", i)]);
        var everything = await _store.ReadAllAsync(GlobalPosition.Start, 100);

        var first = await _store.ReadAllAsync(GlobalPosition.Start, ["Wanted"], maxCount: 5);
        Assert.Equal(5, first.Scanned);
        Assert.Equal(everything[4].Position, first.End);
        Assert.Equal([0, 3], first.Events.Select(e => e.As<Payload>().N));

        var rest = await _store.ReadAllAsync(first.End, ["Wanted"], maxCount: 5);
        Assert.Equal(5, rest.Scanned);
        Assert.Equal([6, 9], rest.Events.Select(e => e.As<Payload>().N));
        Assert.All(rest.Events, e => Assert.Equal("Wanted", e.Type));

        var after = await _store.ReadAllAsync(rest.End, ["Wanted"], maxCount: 5);
        Assert.Equal(0, after.Scanned);
        Assert.Equal(rest.End, after.End);
    }

    [Fact]
    public async Task Appending_at_a_stale_version_is_a_concurrency_error_and_changes_nothing()
    {
        await _store.AppendAsync("s", ExpectedVersion.NoStream, [Event("A", 1)]);
        await _store.AppendAsync("s", 1, [Event("B", 2)]);

        await Assert.ThrowsAsync<ConcurrencyException>(() => _store.AppendAsync("s", 1, [Event("C", 3)]));
        await Assert.ThrowsAsync<ConcurrencyException>(() => _store.AppendAsync("s", ExpectedVersion.NoStream, [Event("C", 3)]));
        await Assert.ThrowsAsync<ConcurrencyException>(() => _store.AppendAsync("s", 7, [Event("C", 3)]));
        Assert.Equal(["A", "B"], (await _store.ReadStreamAsync("s")).Select(e => e.Type));
    }

    [Fact]
    public async Task Two_writers_racing_on_one_stream_exactly_one_wins()
    {
        await _store.AppendAsync("race", ExpectedVersion.NoStream, [Event("Opened", 0)]);
        for (var round = 0; round < 20; round++)
        {
            var expected = 1 + round;
            using var start = new Barrier(2);
            var attempts = Enumerable.Range(0, 2).Select(writer => Task.Run(async () =>
            {
                start.SignalAndWait();
                try
                {
                    await _store.AppendAsync("race", expected, [Event("Assigned", writer)]);
                    return true;
                }
                catch (ConcurrencyException)
                {
                    return false;
                }
            })).ToArray();
            var results = await Task.WhenAll(attempts);
            Assert.Single(results, won => won);
        }
        var events = await _store.ReadStreamAsync("race");
        Assert.Equal(21, events.Count);
        Assert.Equal(Enumerable.Range(1, 21).Select(v => (long)v), events.Select(e => e.Version));
    }

    [Fact]
    public async Task A_reader_running_during_8_concurrent_writers_sees_all_8000_events_in_order_none_skipped()
    {
        const int writers = 8, perWriter = 1000;
        using var done = new CancellationTokenSource();
        var seen = new List<RecordedEvent>();

        var reader = Task.Run(async () =>
        {
            var position = GlobalPosition.Start;
            while (seen.Count < writers * perWriter)
            {
                var batch = await _store.ReadAllAsync(position, 300);
                seen.AddRange(batch);
                if (batch.Count > 0)
                    position = batch[^1].Position;
                else
                    await Task.Delay(5);
            }
        });
        var writing = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            long version = 0;
            for (var i = 0; i < perWriter; i++)
            {
                // Mix single appends and small batches; transactions interleave and commit out of order.
                version = await _store.AppendAsync($"writer-{w}", version, [Event("E", i)]);
            }
        })).ToArray();

        await Task.WhenAll(writing);
        await reader.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(writers * perWriter, seen.Count);
        Assert.Equal(writers * perWriter, seen.Select(e => (e.StreamId, e.Version)).Distinct().Count());
        for (var i = 1; i < seen.Count; i++)
            Assert.True(seen[i - 1].Position < seen[i].Position, $"event {i} is out of global order");
        foreach (var stream in seen.GroupBy(e => e.StreamId))
            Assert.Equal(Enumerable.Range(1, perWriter).Select(v => (long)v), stream.Select(e => e.Version));

        // A fresh read from the start gives exactly the same order the live reader saw.
        var replay = new List<RecordedEvent>();
        var from = GlobalPosition.Start;
        for (IReadOnlyList<RecordedEvent> batch; (batch = await _store.ReadAllAsync(from, 1000)).Count > 0; from = batch[^1].Position)
            replay.AddRange(batch);
        Assert.Equal(seen.Select(e => e.Position), replay.Select(e => e.Position));
    }

    [Fact]
    public async Task An_event_committed_late_with_a_lower_number_is_not_skipped()
    {
        // Writer A takes a sequence number, then holds its transaction open; B commits after it.
        await using var slow = await _dataSource.OpenConnectionAsync();
        await using var transaction = await slow.BeginTransactionAsync();
        await EventStore.AppendAsync(transaction, "slow", ExpectedVersion.NoStream, [Event("Slow", 1)]);
        await _store.AppendAsync("fast", ExpectedVersion.NoStream, [Event("Fast", 2)]);

        var beforeCommit = await _store.ReadAllAsync(GlobalPosition.Start);
        Assert.DoesNotContain(beforeCommit, e => e.StreamId == "fast"); // held back behind the open transaction
        await transaction.CommitAsync();

        var afterCommit = await _store.ReadAllAsync(GlobalPosition.Start);
        Assert.Equal(["slow", "fast"], afterCommit.Select(e => e.StreamId));
    }

    private sealed record Payload(int N);
}
