using MailHub.Core.Live;
using MailHub.Routing.Contracts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailHub.Routing.Presence;

/// <summary>
/// Every live refresh interval, pings the grain of each agent whose row says consoles are open or an offline grace
/// runs. A running grain ignores it; after the grain's node died it starts the grain elsewhere, which goes on from the
/// row: the grace ends when it would have, and consoles that went with the dead node are noticed. Without it nothing
/// would call such an agent's grain again, and the agent would stay online.
/// </summary>
internal sealed partial class PresenceSupervisor(PresenceStore store, IGrainFactory grains, IOptions<LiveOptions> options,
    ILogger<PresenceSupervisor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var agents = await store.AttendedAsync(stoppingToken);
                    // At once: a grain on a dying node must not hold back the others.
                    await Task.WhenAll(agents.Select(PingAsync));
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogScanFailed(e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PingAsync(Guid agentId)
    {
        try
        {
            await grains.GetGrain<IAgentGrain>(agentId).PingAsync().WaitAsync(options.Value.Lapse);
        }
        catch (Exception e)
        {
            LogPingFailed(e, agentId); // the next scan tries again, by then on a live node
        }
    }

    [LoggerMessage(LogLevel.Warning, "Presence: reading the agents with consoles or a grace failed; trying again at the next interval")]
    private partial void LogScanFailed(Exception exception);

    [LoggerMessage(LogLevel.Debug, "Presence: pinging the grain of agent {Agent} failed; trying again at the next interval")]
    private partial void LogPingFailed(Exception exception, Guid agent);
}
