using MailHub.Channels.Mailboxes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Placement;

namespace MailHub.Channels.Sync;

/// <summary>
/// Owns one mailbox's <see cref="MailboxSync"/> (IMAP IDLE or polling, POP3) as a background task of the activation:
/// started by a ping, restarted when the mailbox was saved since, stopped when it is disabled or deleted and when
/// the activation goes. Placed on the node that pings it first (nodes with MailHub:Sync:Enabled false never ping).
/// </summary>
[PreferLocalPlacement]
internal sealed class MailboxGrain(
    NpgsqlDataSource dataSource,
    MailboxStore mailboxes,
    SyncedMessageStore store,
    IOptions<SyncOptions> options,
    TimeProvider time,
    ILocalSiloDetails silo,
    ILoggerFactory loggers) : Grain, IMailboxGrain
{
    private readonly ILogger _logger = loggers.CreateLogger<MailboxGrain>();
    private readonly string _activation = Guid.NewGuid().ToString("N");
    private Running? _running;
    private int _starts;

    private sealed record Running(DateTimeOffset UpdatedAt, CancellationTokenSource Stop, Task Task);

    public async Task PingAsync()
    {
        var mailbox = await mailboxes.FindAsync(this.GetPrimaryKey(), CancellationToken.None);
        if (mailbox is null || !Syncs(mailbox))
        {
            await StopAsync();
            return;
        }
        if (_running is { } running && running.UpdatedAt == mailbox.UpdatedAt && !running.Task.IsCompleted)
            return;

        await StopSyncAsync();
        var stop = new CancellationTokenSource();
        var sync = new MailboxSync(mailbox, mailboxes, store, new SyncCheckpoints(dataSource), options.Value, time, loggers.CreateLogger<MailboxSync>());
        // Off the grain's scheduler: the loop runs for as long as the activation, and calls into the grain stay answered.
        _running = new Running(mailbox.UpdatedAt, stop, Task.Run(() => sync.RunAsync(stop.Token), CancellationToken.None));
        _starts++;
        _logger.LogInformation("Syncing mailbox {Mailbox} ({Protocol}) on {Silo}", mailbox.Address, mailbox.Config.Protocol, silo.SiloAddress);
    }

    public async Task RestartAsync()
    {
        await StopSyncAsync();
        await PingAsync();
    }

    public async Task StopAsync()
    {
        await StopSyncAsync();
        this.DeactivateOnIdle();
    }

    public async Task<MailboxGrainStatus> GetStatusAsync()
    {
        var mailbox = await mailboxes.FindAsync(this.GetPrimaryKey(), CancellationToken.None);
        return new MailboxGrainStatus(silo.SiloAddress.ToString(), _activation, _running is { Task.IsCompleted: false }, _starts,
            mailbox?.Status, mailbox?.Status == MailboxStatuses.Error ? mailbox.StatusMessage : null);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await StopSyncAsync();
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    /// <summary>What a mailbox needs for the sync to run: enabled, pulled (IMAP or POP3) and with a server to pull from.</summary>
    public static bool Syncs(Mailbox mailbox) =>
        mailbox.Enabled && InboundProtocols.Pulls(mailbox.Config.Protocol) && mailbox.Config.Inbound is not null;

    private async Task StopSyncAsync()
    {
        if (_running is not { } running)
            return;
        _running = null;
        await running.Stop.CancelAsync();
        await running.Task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        running.Stop.Dispose();
    }
}
