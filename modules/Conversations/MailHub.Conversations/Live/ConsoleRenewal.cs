using MailHub.Core.Live;
using MailHub.Routing.Contracts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailHub.Conversations.Live;

/// <summary>
/// Every live refresh interval, tells each agent's grain which consoles of theirs this node holds: a grain activated
/// anew (its node died) learns them again, and those consoles are told to re-read what may have been pushed meanwhile.
/// </summary>
internal sealed partial class ConsoleRenewal(LiveNode node, IGrainFactory grains, IOptions<LiveOptions> options, ILogger<ConsoleRenewal> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                // At once: one agent's grain on a dying node must not hold back the others'.
                await Task.WhenAll(node.Listeners.GroupBy(l => l.MemberId)
                    .Select(agent => RenewAsync(agent.Key, agent.Select(l => l.ConnectionId).ToArray())));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RenewAsync(Guid agentId, string[] connectionIds)
    {
        try
        {
            if (!await grains.GetGrain<IAgentGrain>(agentId).KeepAsync(node.Reference, connectionIds).WaitAsync(options.Value.Lapse))
            {
                LogRenewedAfterGap(agentId);
                node.Resync(agentId);
            }
        }
        catch (Exception e)
        {
            LogRenewFailed(e, agentId);
        }
    }

    [LoggerMessage(LogLevel.Information, "Live updates: the grain of agent {Agent} did not know all of this node's consoles; telling them to re-read")]
    private partial void LogRenewedAfterGap(Guid agent);

    [LoggerMessage(LogLevel.Warning, "Live updates: renewing the consoles of agent {Agent} failed; trying again at the next interval")]
    private partial void LogRenewFailed(Exception exception, Guid agent);
}
