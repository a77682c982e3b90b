using System.Collections.Concurrent;
using JasperFx.Events;
using MailHub.Core.EventSourcing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace MailHub.Core.Tests.EventSourcing;

/// <summary>A test event, stored under a name of its own.</summary>
public sealed record Noted(string Stream, int N);

/// <summary>What the test subscription was handed, in order, across every node of a test.</summary>
public sealed class Deliveries
{
    private readonly ConcurrentQueue<(string Stream, int N, long Sequence)> _seen = new();

    /// <summary>The subscription throws (as a handler bug would) on this event, so its page is never saved.</summary>
    public (string Stream, int N)? FailOn { get; set; }

    public IReadOnlyList<(string Stream, int N, long Sequence)> Seen => [.. _seen];

    public void Add(IEvent recorded, Noted noted) => _seen.Enqueue((noted.Stream, noted.N, recorded.Sequence));

    public async Task WaitUntilAsync(Func<IReadOnlyList<(string Stream, int N, long Sequence)>, bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition(Seen))
        {
            if (timeout.IsCancellationRequested)
                Assert.Fail($"Timed out waiting until {what}; seen: {string.Join(", ", Seen.Select(s => $"{s.Stream}#{s.N}"))}");
            await Task.Delay(50, CancellationToken.None);
        }
    }
}

internal sealed class RecordingHandler(Deliveries deliveries) : IEventHandler
{
    public Task HandleAsync(IEvent recorded, CancellationToken cancellationToken)
    {
        var noted = (Noted)recorded.Data;
        deliveries.Add(recorded, noted);
        if (deliveries.FailOn == (noted.Stream, noted.N))
            throw new InvalidOperationException($"Handler bug on {noted.Stream}#{noted.N}");
        return Task.CompletedTask;
    }
}

/// <summary>A node as the host builds it, reduced to the event store and one subscription.</summary>
internal static class EventNodes
{
    public const string Subscription = "tests.noted";

    /// <param name="migrate">Prepares the database before the node starts; by default creates the event store's schema.</param>
    public static async Task<IHost> StartAsync(string connectionString, Deliveries deliveries, Action<StoreOptions>? configure = null,
        Func<IServiceProvider, Task>? migrate = null, Action<IServiceCollection>? services = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        builder.Services.AddSingleton(deliveries);
        builder.Services.AddMailHubEventStore();
        builder.Services.AddEventType<Noted>("tests.noted");
        builder.Services.AddEventSubscription<RecordingHandler>(Subscription, typeof(Noted));
        if (configure is not null)
            builder.Services.ConfigureMarten(configure);
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await (migrate ?? (services => services.ApplyEventStoreSchemaAsync()))(host.Services);
        await host.StartAsync();
        return host;
    }

    /// <summary>Appends in a transaction of its own, as a module does in its write's transaction.</summary>
    public static async Task AppendAsync(this IHost host, string stream, long? expectedVersion, params int[] numbers)
    {
        var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await host.AppendAsync(transaction, stream, expectedVersion, numbers);
        await transaction.CommitAsync();
    }

    /// <summary>Appends inside <paramref name="transaction"/>: null starts the stream, else it must be at that version.</summary>
    public static async Task AppendAsync(this IHost host, NpgsqlTransaction transaction, string stream, long? expectedVersion, params int[] numbers)
    {
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.LightweightSession(Marten.Services.SessionOptions.ForTransaction(transaction));
        var events = numbers.Select(n => (object)new Noted(stream, n)).ToArray();
        if (expectedVersion is { } version)
            session.Events.Append(stream, version + events.Length, events);
        else
            session.Events.StartStream(stream, events);
        await session.SaveChangesAsync();
    }
}
