using MailHub.Campaigns.Campaigns;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailHub.Campaigns.Sending;

/// <summary>
/// On every node, every <c>MailHub:Campaigns:ScanInterval</c>: scheduled campaigns whose time came start sending, and the
/// grain of each campaign being sent is pinged, so a loop whose node died runs again on a live one.
/// </summary>
internal sealed class CampaignSupervisor(CampaignStore campaigns, IGrainFactory grains, IOptions<CampaignsOptions> options,
    ILogger<CampaignSupervisor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ScanInterval);
        do
        {
            try
            {
                foreach (var id in await campaigns.SendingAsync(stoppingToken))
                    await grains.GetGrain<ICampaignGrain>(id).PingAsync();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogDebug(e, "Campaigns could not be pinged; trying again at the next scan");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).AsTask().ContinueWith(t => !t.IsCanceled && t.Result, TaskScheduler.Default));
    }
}
