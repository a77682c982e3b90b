using MailHub.Channels.Outbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MailHub.Channels.Sandbox;

/// <summary>LISTENs for captures on any node and wakes this node's /wait requests.</summary>
internal sealed class SandboxNotifications(NpgsqlDataSource dataSource, SandboxSignal signal, ILogger<SandboxNotifications> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, _) => signal.Pulse();
                await using (var listen = new NpgsqlCommand($"LISTEN {SandboxStore.NotifyChannel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                    await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
            {
                // Waiters still poll; this only makes them prompt.
                logger.LogDebug(e, "Sandbox notifications interrupted; listening again shortly");
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
