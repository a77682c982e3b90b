using MailHub.Channels.Mailboxes;
using MailHub.Channels.Outbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MailHub.Channels.Sync;

/// <summary>
/// Runs one <see cref="MailboxSync"/> per enabled IMAP/POP3 mailbox, on exactly one node: a mailbox
/// is synced by the node whose row in channels.sync_leases has not expired. Leases are renewed every
/// scan; a node that dies stops renewing, and another node takes the mailbox over once it expires.
/// A node that loses a lease (paused too long) stops that sync at once.
/// </summary>
internal sealed class SyncSupervisor(
    NpgsqlDataSource dataSource,
    MailboxStore mailboxes,
    SyncedMessageStore store,
    IOptions<SyncOptions> options,
    TimeProvider time,
    ILoggerFactory loggers) : BackgroundService
{
    private readonly string _node = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private readonly Dictionary<Guid, Running> _running = [];
    private readonly Signal _changed = new();
    private readonly ILogger _logger = loggers.CreateLogger<SyncSupervisor>();

    private sealed record Running(DateTimeOffset UpdatedAt, CancellationTokenSource Stop, Task Task);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
            return;
        mailboxes.Changed += _changed.Pulse;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var next = _changed.Next;
                try
                {
                    await ScanAsync(stoppingToken);
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
                {
                    _logger.LogWarning(e, "Could not read or renew mailbox sync leases; trying again");
                }
                await Signal.WaitAsync(next, options.Value.ScanInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        finally
        {
            mailboxes.Changed -= _changed.Pulse;
            await StopAllAsync();
        }
    }

    private async Task ScanAsync(CancellationToken cancellationToken)
    {
        var wanted = (await mailboxes.ListAsync(cancellationToken))
            .Where(m => m.Enabled && InboundProtocols.Pulls(m.Config.Protocol) && m.Config.Inbound is not null)
            .ToDictionary(m => m.Id);

        foreach (var (id, running) in _running.ToList())
        {
            if (!wanted.TryGetValue(id, out var mailbox) || mailbox.UpdatedAt != running.UpdatedAt || running.Task.IsCompleted)
                await StopAsync(id, release: true);
        }

        if (_running.Count > 0)
        {
            var renewed = await RenewAsync([.. _running.Keys], cancellationToken);
            foreach (var id in _running.Keys.Where(id => !renewed.Contains(id)).ToList())
            {
                _logger.LogWarning("Lost the sync lease of mailbox {Mailbox}; another node has it now", id);
                await StopAsync(id, release: false);
            }
        }

        foreach (var mailbox in wanted.Values.Where(m => !_running.ContainsKey(m.Id)))
        {
            if (!await TryAcquireAsync(mailbox.Id, cancellationToken))
                continue;
            var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var sync = new MailboxSync(mailbox, mailboxes, store, new SyncCheckpoints(dataSource), options.Value, time, loggers.CreateLogger<MailboxSync>());
            _running[mailbox.Id] = new Running(mailbox.UpdatedAt, stop, Task.Run(() => sync.RunAsync(stop.Token), CancellationToken.None));
            _logger.LogInformation("Syncing mailbox {Mailbox} ({Protocol}) on this node", mailbox.Address, mailbox.Config.Protocol);
        }
    }

    private async Task<bool> TryAcquireAsync(Guid mailbox, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO channels.sync_leases (mailbox_id, node, expires_at) VALUES ($1, $2, now() + $3)
            ON CONFLICT (mailbox_id) DO UPDATE SET node = EXCLUDED.node, expires_at = EXCLUDED.expires_at
                WHERE sync_leases.node = EXCLUDED.node OR sync_leases.expires_at < now()
            RETURNING 1
            """);
        command.Parameters.Add(new() { Value = mailbox });
        command.Parameters.Add(new() { Value = _node });
        command.Parameters.Add(new() { Value = options.Value.LeaseDuration });
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private async Task<HashSet<Guid>> RenewAsync(Guid[] held, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE channels.sync_leases SET expires_at = now() + $3
            WHERE node = $1 AND mailbox_id = ANY($2) AND expires_at > now()
            RETURNING mailbox_id
            """);
        command.Parameters.Add(new() { Value = _node });
        command.Parameters.Add(new() { Value = held });
        command.Parameters.Add(new() { Value = options.Value.LeaseDuration });
        var renewed = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            renewed.Add(reader.GetGuid(0));
        return renewed;
    }

    private async Task StopAsync(Guid mailbox, bool release)
    {
        if (!_running.Remove(mailbox, out var running))
            return;
        await running.Stop.CancelAsync();
        await running.Task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        running.Stop.Dispose();
        if (release)
            await ReleaseAsync([mailbox]);
    }

    private async Task StopAllAsync()
    {
        var held = _running.Keys.ToArray();
        foreach (var id in held)
            await StopAsync(id, release: false);
        await ReleaseAsync(held);
    }

    // A node that stops cleanly hands its mailboxes over at once instead of after the lease expires.
    private async Task ReleaseAsync(Guid[] mailboxIds)
    {
        if (mailboxIds.Length == 0)
            return;
        try
        {
            await using var command = dataSource.CreateCommand("DELETE FROM channels.sync_leases WHERE node = $1 AND mailbox_id = ANY($2)");
            command.Parameters.Add(new() { Value = _node });
            command.Parameters.Add(new() { Value = mailboxIds });
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            _logger.LogDebug(e, "Could not release sync leases; they expire by themselves");
        }
    }
}
