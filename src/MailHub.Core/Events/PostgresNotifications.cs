using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MailHub.Core.Events;

/// <summary>A PostgreSQL NOTIFY channel a module listens on; registered with <see cref="PostgresNotificationsRegistration.AddNotificationChannel"/>.</summary>
public sealed record NotificationChannel(string Name);

/// <summary>
/// The node's one LISTEN connection for the channels modules declare. A NOTIFY sent in a transaction is
/// delivered on commit to every node that listens; this fans each payload out to the handlers that
/// subscribed to its channel on this node, one at a time, in the order PostgreSQL delivered them.
/// While the connection is down (it is opened again after a short delay) notifications are lost:
/// what they announce must be readable from the database as well, and <see cref="SubscribeGaps"/>
/// says when to read it back.
/// </summary>
public sealed partial class PostgresNotifications(
    NpgsqlDataSource dataSource,
    IEnumerable<NotificationChannel> channels,
    ILogger<PostgresNotifications> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);
    private readonly string[] _channels = channels.Select(c => c.Name).Distinct(StringComparer.Ordinal).ToArray();
    private readonly ConcurrentDictionary<object, (string Channel, Func<string, CancellationToken, ValueTask> Handler)> _handlers = new();
    private readonly ConcurrentDictionary<object, Func<CancellationToken, ValueTask>> _gapHandlers = new();

    /// <summary>Calls <paramref name="handler"/> with each payload of <paramref name="channel"/> until the result is disposed.</summary>
    public IDisposable Subscribe(string channel, Func<string, CancellationToken, ValueTask> handler)
    {
        if (!_channels.Contains(channel, StringComparer.Ordinal))
            throw new InvalidOperationException($"The notification channel {channel} is not registered (AddNotificationChannel).");
        var key = new object();
        _handlers[key] = (channel, handler);
        return new Subscription(() => _handlers.TryRemove(key, out _));
    }

    /// <summary>
    /// Calls <paramref name="handler"/> each time the connection listens again after it failed (not on the
    /// first connect): notifications on every channel sent while it was down are lost, so whoever relies
    /// on them should read back what they announce. The call comes after LISTEN, before the notifications
    /// heard since, so a read started then misses nothing. One call per gap covers all channels: they
    /// share this one connection. Until the result is disposed.
    /// </summary>
    public IDisposable SubscribeGaps(Func<CancellationToken, ValueTask> handler)
    {
        var key = new object();
        _gapHandlers[key] = handler;
        return new Subscription(() => _gapHandlers.TryRemove(key, out _));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_channels.Length == 0)
            return;
        // A failed first attempt counts too: streams served meanwhile heard nothing.
        var failed = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(failed, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
            {
                LogListenFailed(e, RetryDelay);
                failed = true;
                await Task.Delay(RetryDelay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task ListenAsync(bool afterFailure, CancellationToken stoppingToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
        // Npgsql raises Notification inside the call that reads it (WaitAsync, or LISTEN itself), on
        // this loop's flow: the queue is never touched by two threads at once.
        var received = new Queue<(string Channel, string Payload)>();
        connection.Notification += (_, e) => received.Enqueue((e.Channel, e.Payload));
        foreach (var channel in _channels)
        {
            await using var listen = new NpgsqlCommand($"LISTEN \"{channel}\"", connection);
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }
        if (afterFailure)
        {
            LogListeningAgain();
            await DispatchGapAsync(stoppingToken);
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            while (received.TryDequeue(out var notification))
                await DispatchAsync(notification.Channel, notification.Payload, stoppingToken);
            await connection.WaitAsync(stoppingToken);
        }
    }

    private async Task DispatchAsync(string channel, string payload, CancellationToken stoppingToken)
    {
        foreach (var (_, handler) in _handlers.Values.Where(h => h.Channel == channel))
        {
            try
            {
                await handler(payload, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // One failing subscriber (a bad payload, a database hiccup while loading) must not stop the others.
                LogHandlerFailed(e, channel);
            }
        }
    }

    private async Task DispatchGapAsync(CancellationToken stoppingToken)
    {
        foreach (var handler in _gapHandlers.Values)
        {
            try
            {
                await handler(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogGapHandlerFailed(e);
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Stopped listening for PostgreSQL notifications; listening again in {Delay}")]
    private partial void LogListenFailed(Exception exception, TimeSpan delay);

    [LoggerMessage(LogLevel.Warning, "A handler of PostgreSQL notifications on {Channel} failed")]
    private partial void LogHandlerFailed(Exception exception, string channel);

    [LoggerMessage(LogLevel.Information, "Listening for PostgreSQL notifications again; telling subscribers that some may have been missed")]
    private partial void LogListeningAgain();

    [LoggerMessage(LogLevel.Warning, "A handler of a gap in PostgreSQL notifications failed")]
    private partial void LogGapHandlerFailed(Exception exception);

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}

public static class PostgresNotificationsRegistration
{
    /// <summary>
    /// Makes the node LISTEN on <paramref name="channel"/> (a plain identifier); subscribe through
    /// <see cref="PostgresNotifications.Subscribe"/>. Every module may call this; one listener serves them all.
    /// </summary>
    public static IServiceCollection AddNotificationChannel(this IServiceCollection services, string channel)
    {
        if (channel.Length == 0 || !channel.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            throw new ArgumentException("A notification channel is lower-case letters, digits and underscores.", nameof(channel));
        services.AddSingleton(new NotificationChannel(channel));
        if (!services.Any(d => d.ServiceType == typeof(PostgresNotifications)))
        {
            services.AddSingleton<PostgresNotifications>();
            services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<PostgresNotifications>());
        }
        return services;
    }
}
