using System.Net.Sockets;
using MailHub.Channels.Mailboxes;
using MailHub.Mail.Imap;
using MailHub.Mail.Net;
using MailHub.Mail.Pop3;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MailHub.Channels.Sync;

/// <summary>
/// Pulls one mailbox while this node holds its lease: IMAP with IDLE where offered (else polling),
/// checkpointing UIDVALIDITY and the last UID per folder; POP3 by its UIDL set. \Seen is never
/// relied on. Failures back off exponentially (capped) and show on the mailbox's status, logged
/// once per run of failures rather than on every retry.
/// "Delete after N days" counts from when MailHub stored a message, not from its INTERNALDATE or
/// Date: the server keeps every message N days after MailHub has its copy, also mail a first import
/// of recent days brought in (already older than N days by date) and mail moved in from other folders.
/// It deletes only what the sync recorded as stored (channels.sync_imap_stored, sync_pop3_uidls.stored_at),
/// written after the store's commit returned.
/// </summary>
internal sealed class MailboxSync(
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
            catch (Exception e) when (e is MailProtocolException or IOException or SocketException or TimeoutException or NpgsqlException
                or System.Security.Authentication.AuthenticationException or OperationCanceledException)
            {
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

    private async Task RunImapAsync(string secret, Action connected, CancellationToken ct)
    {
        await using var client = await ImapClient.ConnectAsync(Server.ToEndpoint(), ct);
        client.PollInterval = options.PollInterval;
        if (Server.Auth == "oauth2")
            await client.AuthenticateOAuth2Async(Server.Username, secret, ct);
        else
            await client.LoginAsync(Server.Username, secret, ct);
        connected();
        while (!ct.IsCancellationRequested)
        {
            await mailboxes.SetStatusAsync(mailbox.Id, MailboxStatuses.Syncing, null, false, ct);
            foreach (var folder in mailbox.Config.Folders)
                await SyncFolderAsync(client, folder, ct);
            await mailboxes.SetStatusAsync(mailbox.Id, MailboxStatuses.Idle, null, true, ct);

            if (mailbox.Config.Folders.Count > 1 || client.SelectedFolder?.Name != mailbox.Config.Folders[0])
                await OpenAsync(client, mailbox.Config.Folders[0], ct);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(options.PollInterval);
            try
            {
                await client.WaitForNewMessagesAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // Poll interval reached: look again anyway (other folders, expunges, missed notifications).
            }
        }
    }

    private Task<ImapFolderStatus> OpenAsync(ImapClient client, string folder, CancellationToken ct) =>
        mailbox.Config.OnServer is "markRead" or "move" or "delete" ? client.SelectAsync(folder, ct) : client.ExamineAsync(folder, ct);

    private async Task SyncFolderAsync(ImapClient client, string folder, CancellationToken ct)
    {
        var status = await OpenAsync(client, folder, ct);
        await ImportAsync(client, folder, status, ct);
        if (mailbox.Config.OnServer == "delete")
            await DeleteExpiredAsync(client, folder, status.UidValidity, ct);
    }

    private async Task ImportAsync(ImapClient client, string folder, ImapFolderStatus status, CancellationToken ct)
    {
        var checkpoint = await checkpoints.FindAsync(mailbox.Id, folder, ct);
        IReadOnlyList<uint> uids;
        var throttle = false;
        if (checkpoint is null)
        {
            if (mailbox.Config.InitialImport != "recent")
            {
                // Only mail that arrives from now on: remember where the folder ends today.
                var last = status.UidNext > 0 ? status.UidNext - 1 : (await client.SearchAsync(ImapSearchQuery.All, ct)).LastOrDefault();
                await checkpoints.SaveAsync(mailbox.Id, folder, status.UidValidity, last, ct);
                return;
            }
            var since = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime.AddDays(-mailbox.Config.InitialImportDays));
            uids = await client.SearchAsync(ImapSearchQuery.Since(since), ct);
            throttle = true;
        }
        else if (checkpoint.UidValidity != status.UidValidity)
        {
            // The server renumbered the folder: take what arrived since shortly before the last sync; the
            // store skips what it has (Message-ID and size), so nothing is duplicated.
            logger.LogWarning("UIDVALIDITY of {Folder} in {Mailbox} changed ({Old} → {New}); re-syncing", folder, mailbox.Address,
                checkpoint.UidValidity, status.UidValidity);
            var since = DateOnly.FromDateTime(checkpoint.UpdatedAt.UtcDateTime.AddDays(-1));
            uids = await client.SearchAsync(ImapSearchQuery.Since(since), ct);
            // The old UIDs name nothing now; messages re-fetched below are recorded again under the new UIDVALIDITY.
            await checkpoints.ForgetStoredUidsAsync(mailbox.Id, folder, status.UidValidity, ct);
            if (uids.Count == 0) // nothing to fetch: still move the checkpoint to the new numbering, or every pass re-syncs
                await checkpoints.SaveAsync(mailbox.Id, folder, status.UidValidity, status.UidNext > 0 ? status.UidNext - 1 : 0, ct);
        }
        else
        {
            if (status.UidNext > 0 && status.UidNext <= checkpoint.LastUid + 1)
                return;
            uids = [.. (await client.SearchAsync(ImapSearchQuery.Uids(UidSet.Range(checkpoint.LastUid + 1)), ct)).Where(u => u > checkpoint.LastUid)];
        }

        foreach (var chunk in uids.Chunk(Math.Max(1, options.BatchSize)))
        {
            var fetched = new List<FetchedMessage>(chunk.Length);
            var fetchedSequence = new List<(uint Sequence, uint? Uid)>(chunk.Length);
            var summaries = await client.FetchAsync(UidSet.Of(chunk), ImapFetchItems.None, async (body, token) =>
            {
                using var buffer = new MemoryStream(body.Length is > 0 and < int.MaxValue ? (int)body.Length : 4096);
                await body.Content.CopyToAsync(buffer, token);
                fetched.Add(new FetchedMessage(buffer.ToArray(), $"{folder} uid {body.Uid}"));
                fetchedSequence.Add((body.SequenceNumber, body.Uid));
            }, ct);
            // A server may send the UID after the body; the FETCH response's sequence number links them (no EXPUNGE
            // response may renumber messages during a FETCH, RFC 9051 §7.5.1).
            var uidOf = summaries.GroupBy(m => m.SequenceNumber).ToDictionary(g => g.Key, g => g.First().Uid);
            var fetchedUids = fetchedSequence.Select(f => f.Uid ?? uidOf.GetValueOrDefault(f.Sequence)).Where(u => u > 0).ToList();
            await store.StoreAsync(mailbox, "imap", Server.Host, fetched, ct);
            // Stored first (committed, or found stored already), then recorded as such, then the checkpoint: a crash
            // in between fetches the chunk again, and the store skips it. Only UIDs whose bodies arrived are recorded.
            if (mailbox.Config.OnServer != "move")
                await checkpoints.AddStoredUidsAsync(mailbox.Id, folder, status.UidValidity, fetchedUids, time.GetUtcNow(), ct);
            await checkpoints.SaveAsync(mailbox.Id, folder, status.UidValidity, chunk.Max(), ct);
            await ApplyOnServerAsync(client, chunk, ct);
            if (throttle)
                await Task.Delay(options.ImportThrottle, time, ct);
        }
    }

    /// <summary>
    /// Deletes, in the open folder, the messages MailHub stored more than DeleteAfterDays ago: UID STORE +FLAGS
    /// \Deleted (RFC 9051 §6.4.6), then an expunge of exactly those UIDs (UID EXPUNGE, RFC 4315 §2.1; without
    /// UIDPLUS the RFC 4549 §4.2.4 fallback that spares messages other clients marked \Deleted).
    /// </summary>
    private async Task DeleteExpiredAsync(ImapClient client, string folder, uint uidValidity, CancellationToken ct)
    {
        const int Batch = 500;
        var storedBefore = time.GetUtcNow().AddDays(-mailbox.Config.DeleteAfterDays);
        while (true)
        {
            var due = await checkpoints.StoredBeforeAsync(mailbox.Id, folder, uidValidity, storedBefore, Batch, ct);
            if (due.Count == 0)
                return;
            var set = UidSet.Of(due);
            await client.AddFlagsAsync(set, [@"\Deleted"], ct);
            await client.ExpungeUidsAsync(set, ct);
            await checkpoints.RemoveStoredUidsAsync(mailbox.Id, folder, uidValidity, due, ct);
            logger.LogInformation("Deleted {Count} messages stored over {Days} days ago from {Folder} of {Mailbox}", due.Count,
                mailbox.Config.DeleteAfterDays, folder, mailbox.Address);
            if (due.Count < Batch)
                return;
        }
    }

    private async Task ApplyOnServerAsync(ImapClient client, uint[] uids, CancellationToken ct)
    {
        switch (mailbox.Config.OnServer)
        {
            case "markRead":
                await client.AddFlagsAsync(UidSet.Of(uids), [@"\Seen"], ct);
                break;
            case "move" when mailbox.Config.OnServerFolder is { } target:
                await client.MoveAsync(UidSet.Of(uids), target, ct);
                break;
        }
    }

    private async Task SyncPop3Async(string secret, CancellationToken ct)
    {
        await using var client = await Pop3Client.ConnectAsync(Server.ToEndpoint(), ct);
        if (Server.Auth == "oauth2")
            await client.AuthenticateOAuth2Async(Server.Username, secret, ct);
        else
            await client.LoginAsync(Server.Username, secret, ct);
        await mailboxes.SetStatusAsync(mailbox.Id, MailboxStatuses.Syncing, null, false, ct);

        var onServer = await client.UidlAsync(ct);
        var known = await checkpoints.KnownUidlsAsync(mailbox.Id, ct);
        var first = await checkpoints.FindAsync(mailbox.Id, "pop3:INBOX", ct) is null;
        if (first)
        {
            if (mailbox.Config.InitialImport != "recent")
                await checkpoints.AddUidlsAsync(mailbox.Id, [.. onServer.Values], storedAt: null, ct); // seen, not stored: never deleted
            await checkpoints.SaveAsync(mailbox.Id, "pop3:INBOX", 0, 0, ct);
            if (mailbox.Config.InitialImport != "recent")
            {
                await client.QuitAsync(ct);
                await mailboxes.SetStatusAsync(mailbox.Id, MailboxStatuses.Idle, null, true, ct);
                return;
            }
        }

        var oldest = time.GetUtcNow().AddDays(-mailbox.Config.InitialImportDays);
        var fresh = onServer.Where(m => !known.ContainsKey(m.Value)).OrderBy(m => m.Key).ToList();
        foreach (var chunk in fresh.Chunk(Math.Max(1, options.BatchSize)))
        {
            var fetched = new List<FetchedMessage>(chunk.Length);
            var stored = new List<string>(chunk.Length);
            var skipped = new List<string>();
            foreach (var (number, uidl) in chunk)
            {
                using var buffer = new MemoryStream();
                await client.RetrieveAsync(number, buffer, ct);
                var content = buffer.ToArray();
                if (first && HeaderSummary(content).Date is { } date && date < oldest)
                {
                    skipped.Add(uidl); // older than the first import reaches: seen, not stored, never deleted
                    continue;
                }
                fetched.Add(new FetchedMessage(content, $"uidl {uidl}"));
                stored.Add(uidl);
            }
            await store.StoreAsync(mailbox, "pop3", Server.Host, fetched, ct);
            await checkpoints.AddUidlsAsync(mailbox.Id, stored, time.GetUtcNow(), ct);
            await checkpoints.AddUidlsAsync(mailbox.Id, skipped, storedAt: null, ct);
        }

        if (mailbox.Config.OnServer == "delete")
        {
            var expired = time.GetUtcNow().AddDays(-mailbox.Config.DeleteAfterDays);
            foreach (var (number, uidl) in onServer)
            {
                if (known.TryGetValue(uidl, out var storedAt) && storedAt < expired) // null (never stored) compares false
                    await client.DeleteAsync(number, ct);
            }
        }
        await checkpoints.KeepUidlsAsync(mailbox.Id, [.. onServer.Values], ct);
        await client.QuitAsync(ct); // QUIT commits the deletions (RFC 1939 §6)
        await mailboxes.SetStatusAsync(mailbox.Id, MailboxStatuses.Idle, null, true, ct);
    }

    private static Inbound.HeaderSummary HeaderSummary(byte[] content) => Inbound.HeaderSummary.Read(content, complete: true);
}
