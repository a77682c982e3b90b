using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace MailHub.Conversations.Live;

/// <summary>
/// The SignalR connections of this node, each with the loop that sends it what <see cref="Consoles"/> follows for it
/// (a hub instance lives for one call only, so the loop is kept here).
/// </summary>
internal sealed partial class HubConnections(Consoles consoles, IHubContext<LiveHub> hub, ILogger<HubConnections> logger)
{
    private readonly ConcurrentDictionary<string, (CancellationTokenSource Stop, Task Sending)> _connections = new();

    public void Start(string connectionId, ClaimsPrincipal user)
    {
        var stop = new CancellationTokenSource();
        _connections[connectionId] = (stop, Task.Run(() => SendAsync(connectionId, user, stop.Token), CancellationToken.None));
    }

    public async Task StopAsync(string connectionId)
    {
        if (!_connections.TryRemove(connectionId, out var connection))
            return;
        await connection.Stop.CancelAsync();
        await connection.Sending.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        connection.Stop.Dispose();
    }

    private async Task SendAsync(string connectionId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        try
        {
            var client = hub.Clients.Client(connectionId);
            await foreach (var push in consoles.FollowAsync(connectionId, user, cancellationToken))
            {
                using var data = JsonDocument.Parse(push.Data);
                await client.SendAsync(push.Event, data.RootElement, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogSendFailed(e, connectionId);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Live updates: sending to SignalR connection {Connection} failed")]
    private partial void LogSendFailed(Exception exception, string connection);
}
