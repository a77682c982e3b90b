using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MailHub.Core.Events;

/// <summary>Handles the events of a durable subscription. Delivery is at least once: be idempotent.</summary>
public interface IEventHandler
{
    /// <summary>
    /// The event types <see cref="HandleAsync"/> acts on, or null for all. The subscription skips the
    /// others without reading their bodies; keep it in step with the handler's own type checks.
    /// </summary>
    IReadOnlyCollection<string>? EventTypes => null;

    Task HandleAsync(RecordedEvent recordedEvent, CancellationToken cancellationToken);
}

/// <summary>
/// A named, durable subscription to the global event order. Its handler gets every event at least
/// once, in order. It reads in batches (up to 200 events, only of the types its handler declares) and
/// saves its checkpoint after a batch in which it handled something, with <c>synchronous_commit</c> off: it costs no WAL flush of its own, and a checkpoint lost in a crash only
/// means the events after the previous one are delivered again, which at-least-once allows. (Any later
/// durable commit flushes it too: the WAL is one sequence.) So a restart resumes where it stopped, give or
/// take one batch, and an event costs its handler's work only, not a flush per subscription.
/// Only one node runs a given subscription: it holds a PostgreSQL advisory lock named after it on a
/// connection of its own, and the other nodes wait for that lock (taken over when the node dies).
/// </summary>
public sealed class EventSubscription<THandler>(
    string name,
    NpgsqlDataSource dataSource,
    EventStore store,
    IServiceScopeFactory scopes,
    ILogger<EventSubscription<THandler>> logger) : BackgroundService
    where THandler : IEventHandler
{
    private const int BatchSize = 200;
    private const int SkippedBeforeSave = 1000;
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan IdleWait = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    public string Name { get; } = name;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunWhileLeaderAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                logger.LogWarning(e, "Subscription {Subscription} stopped on an error; retrying in {Delay}", Name, RetryDelay);
                await Task.Delay(RetryDelay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task RunWhileLeaderAsync(CancellationToken stoppingToken)
    {
        await using var lease = await dataSource.OpenConnectionAsync(stoppingToken);
        while (!await TryLockAsync(lease, stoppingToken))
            await Task.Delay(RetryDelay, stoppingToken);
        await using (var listen = new NpgsqlCommand($"LISTEN {EventStore.NotifyChannel}", lease))
            await listen.ExecuteNonQueryAsync(stoppingToken);
        logger.LogInformation("Subscription {Subscription} is running on this node", Name);

        IReadOnlyCollection<string>? types;
        await using (var scope = scopes.CreateAsyncScope())
            types = scope.ServiceProvider.GetRequiredService<THandler>().EventTypes;

        var checkpoint = await LoadCheckpointAsync(stoppingToken);
        var saved = checkpoint;
        var skippedSinceSave = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var page = types is null
                    ? await ReadEveryTypeAsync(checkpoint, stoppingToken)
                    : await store.ReadAllAsync(checkpoint, types, BatchSize, stoppingToken);
                foreach (var recorded in page.Events)
                {
                    await using (var scope = scopes.CreateAsyncScope())
                    {
                        var handler = scope.ServiceProvider.GetRequiredService<THandler>();
                        await handler.HandleAsync(recorded, stoppingToken);
                    }
                    checkpoint = recorded.Position;
                }
                checkpoint = page.End;
                skippedSinceSave += page.Scanned - page.Events.Count;
                // Saved when something was handled; past events of other types only now and then (and on
                // the way out), since re-reading a few skipped ones after a crash costs next to nothing.
                if (checkpoint != saved && (page.Events.Count > 0 || skippedSinceSave >= SkippedBeforeSave))
                {
                    await SaveCheckpointAsync(checkpoint, stoppingToken);
                    saved = checkpoint;
                    skippedSinceSave = 0;
                }
                // A full batch means more may be waiting. Otherwise sleep until an append's NOTIFY (one that
                // came while the batch was handled waits unread on the lease, so this returns at once) or
                // the poll, which also picks up events a still-running older transaction held back; then
                // give a burst of appends a moment to land, so one read takes many instead of one each.
                if (page.Scanned < BatchSize)
                {
                    await lease.WaitAsync(IdleWait, stoppingToken);
                    await Task.Delay(Coalesce, stoppingToken);
                }
            }
        }
        finally
        {
            // Stopped or failed partway through a batch: keep what was handled, so a restart redelivers
            // at most the event in flight. (Still under the lease; after a kill, the last save stands.)
            if (checkpoint != saved)
                await SaveOnStopAsync(checkpoint);
        }
    }

    private async Task SaveOnStopAsync(GlobalPosition checkpoint)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await SaveCheckpointAsync(checkpoint, timeout.Token);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException or InvalidOperationException)
        {
            logger.LogDebug(e, "Subscription {Subscription} could not save its checkpoint on the way out; the batch is delivered again", Name);
        }
    }

    private async Task<EventPage> ReadEveryTypeAsync(GlobalPosition after, CancellationToken cancellationToken)
    {
        var events = await store.ReadAllAsync(after, BatchSize, cancellationToken);
        return new EventPage(events, events.Count > 0 ? events[^1].Position : after, events.Count);
    }

    private async Task<bool> TryLockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtextextended('subscription:' || $1, 0))", connection);
        command.Parameters.Add(new() { Value = Name });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task<GlobalPosition> LoadCheckpointAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT transaction_id::text, position FROM core.subscriptions WHERE name = $1");
        command.Parameters.Add(new() { Value = Name });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new GlobalPosition(ulong.Parse(reader.GetString(0), System.Globalization.CultureInfo.InvariantCulture), reader.GetInt64(1))
            : GlobalPosition.Start;
    }

    // set_config(..., true) lasts until the end of this statement's own transaction, whose commit reads it.
    private async Task SaveCheckpointAsync(GlobalPosition position, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH no_flush AS (SELECT set_config('synchronous_commit', 'off', true))
            INSERT INTO core.subscriptions (name, transaction_id, position) SELECT $1, $2::xid8, $3 FROM no_flush
            ON CONFLICT (name) DO UPDATE SET transaction_id = EXCLUDED.transaction_id, position = EXCLUDED.position, updated_at = now()
            """);
        command.Parameters.Add(new() { Value = Name });
        command.Parameters.Add(new() { Value = position.TransactionId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        command.Parameters.Add(new() { Value = position.Sequence });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

public static class EventSubscriptionRegistration
{
    /// <summary>Runs <typeparamref name="THandler"/> as the durable subscription <paramref name="name"/>.</summary>
    public static IServiceCollection AddEventSubscription<THandler>(this IServiceCollection services, string name)
        where THandler : class, IEventHandler
    {
        services.AddScoped<THandler>();
        services.AddSingleton<IHostedService>(provider => ActivatorUtilities.CreateInstance<EventSubscription<THandler>>(provider, name));
        return services;
    }
}
