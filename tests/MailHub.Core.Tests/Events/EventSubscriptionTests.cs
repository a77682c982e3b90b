using System.Collections.Concurrent;
using MailHub.Core.Events;
using MailHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MailHub.Core.Tests.Events;

public sealed class EventSubscriptionTests : IAsyncLifetime
{
    private NpgsqlDataSource _dataSource = null!;
    private EventStore _store = null!;

    public async Task InitializeAsync()
    {
        _dataSource = await TestDatabase.CreateMigratedAsync("subs");
        _store = new EventStore(_dataSource);
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    /// <summary>Records what a node's handler saw; the node is told apart by its own recorder.</summary>
    private sealed class Recorder
    {
        public ConcurrentQueue<RecordedEvent> Seen { get; } = new();
    }

    private sealed class RecordingHandler(Recorder recorder) : IEventHandler
    {
        public Task HandleAsync(RecordedEvent recordedEvent, CancellationToken cancellationToken)
        {
            recorder.Seen.Enqueue(recordedEvent);
            return Task.CompletedTask;
        }
    }

    private sealed class TypedHandler(Recorder recorder) : IEventHandler
    {
        public IReadOnlyCollection<string>? EventTypes { get; } = ["Wanted"];

        public Task HandleAsync(RecordedEvent recordedEvent, CancellationToken cancellationToken)
        {
            recorder.Seen.Enqueue(recordedEvent);
            return Task.CompletedTask;
        }
    }

    private EventSubscription<RecordingHandler> Node(Recorder recorder)
    {
        var services = new ServiceCollection().AddSingleton(recorder).AddScoped<RecordingHandler>().BuildServiceProvider();
        return new EventSubscription<RecordingHandler>("projection", _dataSource, _store,
            services.GetRequiredService<IServiceScopeFactory>(), NullLogger<EventSubscription<RecordingHandler>>.Instance);
    }

    private async Task AppendManyAsync(int count, string prefix)
    {
        for (var i = 0; i < count; i++)
            await _store.AppendAsync($"{prefix}-{i % 10}", ExpectedVersion.Any, [EventData.From("E", new { i })]);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
            await Task.Delay(20, timeout.Token);
    }

    [Fact]
    public async Task A_subscriber_stopped_halfway_resumes_from_its_checkpoint_with_nothing_lost()
    {
        await AppendManyAsync(300, "a");
        var first = new Recorder();
        var node = Node(first);
        await node.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => first.Seen.Count >= 120);
        await node.StopAsync(CancellationToken.None); // stops mid-stream, like a node going down
        node.Dispose();

        await AppendManyAsync(200, "b");
        var second = new Recorder();
        var restarted = Node(second);
        await restarted.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => first.Seen.Select(e => e.Position).Union(second.Seen.Select(e => e.Position)).Count() >= 500);
        await restarted.StopAsync(CancellationToken.None);
        restarted.Dispose();

        var all = first.Seen.Concat(second.Seen).ToList();
        Assert.Equal(500, all.Select(e => e.Position).Distinct().Count());
        // The restart resumed after its checkpoint: at most the one in-flight event is seen twice.
        Assert.True(all.Count - 500 <= 1, $"{all.Count - 500} events were redelivered");
        Assert.True(second.Seen.First().Position >= first.Seen.Last().Position);
        // Each node saw its events in global order.
        Assert.Equal(second.Seen.Select(e => e.Position).Order(), second.Seen.Select(e => e.Position));
    }

    [Fact]
    public async Task A_handler_of_some_types_gets_only_those_and_its_checkpoint_moves_past_the_rest()
    {
        var services = new ServiceCollection().AddSingleton(new Recorder()).AddScoped<TypedHandler>().BuildServiceProvider();
        var recorder = services.GetRequiredService<Recorder>();
        EventSubscription<TypedHandler> Start() => new("typed", _dataSource, _store,
            services.GetRequiredService<IServiceScopeFactory>(), NullLogger<EventSubscription<TypedHandler>>.Instance);

        // More than one window (200) of events, 1 in 50 wanted, ending with unwanted ones.
        for (var i = 0; i < 450; i++)
            await _store.AppendAsync($"t-{i}", ExpectedVersion.NoStream, [EventData.From(i % 50 == 0 ? "Wanted" : "Other", new { i })]);
        var node = Start();
        await node.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => recorder.Seen.Count >= 9);
        var last = (await _store.ReadAllAsync(GlobalPosition.Start, 100_000))[^1].Position; // the class shares its database
        await node.StopAsync(CancellationToken.None);
        node.Dispose();
        Assert.Equal(last, SavedCheckpoint("typed")); // past the unwanted tail, saved on the way out
        Assert.Equal(Enumerable.Range(0, 9).Select(n => $"t-{n * 50}"), recorder.Seen.Select(e => e.StreamId));

        // A restart starts after the unwanted tail: nothing is delivered again, the next wanted one is.
        await _store.AppendAsync("t-late", ExpectedVersion.NoStream, [EventData.From("Wanted", new { i = 450 })]);
        var restarted = Start();
        await restarted.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => recorder.Seen.Count >= 10);
        await restarted.StopAsync(CancellationToken.None);
        restarted.Dispose();
        Assert.Equal(10, recorder.Seen.Count);
        Assert.Equal("t-late", recorder.Seen.Last().StreamId);
    }

    private GlobalPosition? SavedCheckpoint(string name)
    {
        using var command = _dataSource.CreateCommand("SELECT transaction_id::text, position FROM core.subscriptions WHERE name = $1");
        command.Parameters.Add(new() { Value = name });
        using var reader = command.ExecuteReader();
        return reader.Read() ? new GlobalPosition(ulong.Parse(reader.GetString(0), System.Globalization.CultureInfo.InvariantCulture), reader.GetInt64(1)) : null;
    }

    [Fact]
    public async Task Only_one_node_runs_a_subscription_and_another_takes_over_when_it_stops()
    {
        var a = new Recorder();
        var b = new Recorder();
        var nodeA = Node(a);
        var nodeB = Node(b);
        await nodeA.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => true);
        await Task.Delay(500); // A takes the lock first
        await nodeB.StartAsync(CancellationToken.None);

        await AppendManyAsync(100, "x");
        await WaitUntilAsync(() => a.Seen.Count + b.Seen.Count >= 100);
        await Task.Delay(500);
        Assert.Equal(100, a.Seen.Count);
        Assert.Empty(b.Seen);

        await nodeA.StopAsync(CancellationToken.None);
        nodeA.Dispose();
        await AppendManyAsync(50, "y");
        await WaitUntilAsync(() => b.Seen.Count >= 50);
        Assert.All(b.Seen, e => Assert.StartsWith("y-", e.StreamId, StringComparison.Ordinal));
        await nodeB.StopAsync(CancellationToken.None);
        nodeB.Dispose();
    }
}
