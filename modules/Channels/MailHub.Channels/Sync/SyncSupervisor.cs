using MailHub.Channels.Mailboxes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MailHub.Channels.Sync;

/// <summary>
/// Keeps every enabled IMAP/POP3 mailbox's <see cref="IMailboxGrain"/> active: every scan it pings each one (the
/// grain starts or keeps its sync, on whichever node holds it), and a mailbox saved, disabled or deleted on this
/// node is pinged at once. Every node runs one; after a node dies the next ping from a survivor activates the
/// mailbox there.
/// </summary>
internal sealed class SyncSupervisor(MailboxStore mailboxes, IGrainFactory grains, IOptions<SyncOptions> options, ILogger<SyncSupervisor> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
            return;
        mailboxes.Changed += OnChanged;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var wanted = (await mailboxes.ListAsync(stoppingToken)).Where(MailboxGrain.Syncs);
                    await Task.WhenAll(wanted.Select(m => PingAsync(m.Id)));
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException)
                {
                    logger.LogWarning(e, "Could not read the mailboxes to sync; trying again");
                }
                await Task.Delay(options.Value.ScanInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        finally
        {
            mailboxes.Changed -= OnChanged;
        }
    }

    private void OnChanged(Guid mailbox) => _ = PingAsync(mailbox);

    private async Task PingAsync(Guid mailbox)
    {
        try
        {
            await grains.GetGrain<IMailboxGrain>(mailbox).PingAsync();
        }
        catch (Exception e)
        {
            // The node holding it may just have died: the next scan pings again, and lands on a live node
            // once the cluster has declared the dead one dead.
            logger.LogDebug(e, "Ping of mailbox {Mailbox}'s sync failed; the next scan tries again", mailbox);
        }
    }
}
