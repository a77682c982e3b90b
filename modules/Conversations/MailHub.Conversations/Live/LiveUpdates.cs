using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using MailHub.Conversations.Domain;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MailHub.Conversations.Live;

/// <summary>
/// Listens on PostgreSQL for conversation changes from every node (NOTIFY is sent on commit) and fans
/// them out to this node's open event streams.
/// </summary>
internal sealed partial class LiveUpdates(NpgsqlDataSource dataSource, ILogger<LiveUpdates> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<Guid, Channel<LiveChange>> _listeners = new();

    /// <summary>Changes from now on until the token ends the listening.</summary>
    public async IAsyncEnumerable<LiveChange> ListenAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        // A slow console loses the oldest changes rather than holding memory; it re-reads the list anyway.
        var channel = Channel.CreateBounded<LiveChange>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });
        _listeners[id] = channel;
        try
        {
            await foreach (var change in channel.Reader.ReadAllAsync(cancellationToken))
                yield return change;
        }
        finally
        {
            _listeners.TryRemove(id, out _);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => Publish(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {ReadModel.NotifyChannel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                    await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                LogListenFailed(e, RetryDelay);
                await Task.Delay(RetryDelay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private void Publish(string payload)
    {
        LiveChange? change;
        try
        {
            change = JsonSerializer.Deserialize<LiveChange>(payload);
        }
        catch (JsonException)
        {
            return;
        }
        if (change is null)
            return;
        foreach (var listener in _listeners.Values)
            listener.Writer.TryWrite(change);
    }

    [LoggerMessage(LogLevel.Warning, "Live updates stopped listening on PostgreSQL; retrying in {Delay}")]
    private partial void LogListenFailed(Exception exception, TimeSpan delay);
}
