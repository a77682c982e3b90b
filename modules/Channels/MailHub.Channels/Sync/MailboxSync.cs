using MailHub.Channels.Mailboxes;
using MailHub.Mail.Net;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MailHub.Channels.Sync;

/// <summary>
/// Pulls one mailbox for its <see cref="MailboxGrain"/> (the one activation in the cluster), on MailKit: IMAP with IDLE where offered (else polling),
/// checkpointing UIDVALIDITY and the last UID per folder (MailboxSync.Imap.cs); POP3 by its UIDL set
/// (MailboxSync.Pop3.cs). \Seen is never relied on. Failures back off exponentially (capped) and show on the mailbox's status, logged
/// once per run of failures rather than on every retry.
/// "Delete after N days" counts from when MailHub stored a message, not from its INTERNALDATE or
/// Date: the server keeps every message N days after MailHub has its copy, also mail a first import
/// of recent days brought in (already older than N days by date) and mail moved in from other folders.
/// It deletes only what the sync recorded as stored (channels.sync_imap_stored, sync_pop3_uidls.stored_at),
/// written after the store's commit returned.
/// </summary>
internal sealed partial class MailboxSync(
    Mailbox mailbox,
    MailboxStore mailboxes,
    SyncedMessageStore store,
    SyncCheckpoints checkpoints,
    SyncOptions options,
    TimeProvider time,
    ILogger logger)
{
    private ServerSettings Server => mailbox.Config.Inbound!;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var secret = (await mailboxes.SecretsAsync(mailbox.Id, cancellationToken)).Inbound ?? "";
                if (mailbox.Config.Protocol == InboundProtocols.Imap)
                {
                    await RunImapAsync(secret, () => failures = 0, cancellationToken);
                }
                else
                {
                    await SyncPop3Async(secret, cancellationToken);
                    failures = 0;
                    await Task.Delay(options.PollInterval, time, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (MailErrors.IsMailFailure(e) || e is NpgsqlException or OperationCanceledException)
            {
                e = MailErrors.IsMailFailure(e) ? MailErrors.Translate(e, Server.ToEndpoint()) : e;
                failures++;
                var delay = options.RetryDelay * Math.Pow(2, Math.Min(failures - 1, 16));
                if (delay > options.MaxRetryDelay)
                    delay = options.MaxRetryDelay;
                var message = e is MailProtocolException ? e.Message : $"Cannot sync with {Server.Host}:{Server.Port}: {e.Message}";
                if (failures == 1)
                    logger.LogWarning(e, "Sync of {Mailbox} failed; retrying with backoff", mailbox.Address);
                else
                    logger.LogDebug("Sync of {Mailbox} failed again ({Failures}): {Message}", mailbox.Address, failures, message);
                try
                {
                    await mailboxes.SetStatusAsync(mailbox.Id, MailboxStatuses.Error, $"{message} Next try in {delay.TotalSeconds:0} s.", false, cancellationToken);
                    await Task.Delay(delay, time, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (NpgsqlException)
                {
                    await Task.Delay(delay, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }
        }
    }

    private MailEndpoint Endpoint => Server.ToEndpoint();

    private bool OAuth2 => Server.Auth == "oauth2";

    /// <summary>
    /// INTERNALDATE has whole seconds: mail of the second the mailbox started in counts as arriving from then on,
    /// so nothing delivered in that second is lost.
    /// </summary>
    private DateTimeOffset ImportFrom => new(mailbox.ImportFrom.UtcTicks - mailbox.ImportFrom.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    /// <summary>
    /// Where a folder's sync stands, or null where this is its first sync. A checkpoint older than the mailbox's
    /// start is from before it was disabled: a re-enable is a new start ("from now on" counts from it), so what
    /// arrived while it was off stays out. A fixed password or server keeps the start, and so the checkpoint.
    /// </summary>
    private async Task<FolderCheckpoint?> CheckpointAsync(string folder, CancellationToken ct) =>
        await checkpoints.FindAsync(mailbox.Id, folder, ct) is { } checkpoint && checkpoint.UpdatedAt >= mailbox.ImportFrom ? checkpoint : null;
}
