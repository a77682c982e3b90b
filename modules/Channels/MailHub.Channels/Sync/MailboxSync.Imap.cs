using MailHub.Channels.Mailboxes;
using MailHub.Mail.Clients;
using MailHub.Mail.Net;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Microsoft.Extensions.Logging;

namespace MailHub.Channels.Sync;

/// <summary>IMAP on MailKit's <see cref="ImapClient"/>: one connection, every folder per pass, IDLE (or polling) in between.</summary>
internal sealed partial class MailboxSync
{
    private async Task RunImapAsync(string secret, Action connected, CancellationToken ct)
    {
        var endpoint = Endpoint;
        using var client = await ImapSession.OpenAsync(endpoint, Server.Username, secret, OAuth2, ct);
        // QRESYNC (RFC 7162 §3.2.3): ENABLE before any SELECT, so a SELECT names what was expunged since the last pass.
        if (client.Capabilities.HasFlag(ImapCapabilities.QuickResync))
            await Try(endpoint, () => client.EnableQuickResyncAsync(ct));
        connected();
        // The same test WaitForNewMessagesAsync makes: IDLE where the server offers it (RFC 2177), else polling.
        await mailboxes.SetSyncStateAsync(mailbox.Id, client.Capabilities.HasFlag(ImapCapabilities.Idle) ? WaitModes.Idle : WaitModes.Polling, 0, ct);
        while (!ct.IsCancellationRequested)
        {
            await mailboxes.SetStatusAsync(mailbox.Id, MailboxStatuses.Syncing, null, false, ct);
            ImapFolder? open = null;
            foreach (var name in mailbox.Config.Folders)
                open = await SyncFolderAsync(client, name, ct);
            await mailboxes.SetStatusAsync(mailbox.Id, MailboxStatuses.Idle, null, true, ct);

            // New mail is awaited in the first folder; the poll interval brings the next pass anyway (other
            // folders, missed notifications).
            if (mailbox.Config.Folders.Count > 1 || open is null)
                open = await OpenAsync(client, mailbox.Config.Folders[0], null, ct);
            await client.WaitForNewMessagesAsync(open, endpoint, options.PollInterval, options.PollInterval, ct);
        }
    }

    /// <summary>Opens read-write where the sync changes the server (flags, move, delete), else read-only (EXAMINE).</summary>
    private async Task<ImapFolder> OpenAsync(ImapClient client, string name, FolderCheckpoint? resync, CancellationToken ct)
    {
        var access = mailbox.Config.OnServer is "markRead" or "move" or "delete" ? FolderAccess.ReadWrite : FolderAccess.ReadOnly;
        if (resync is not { HighestModSeq: > 0 } || !client.Capabilities.HasFlag(ImapCapabilities.QuickResync) || resync.LastUid == 0)
            return await client.OpenFolderAsync(Endpoint, name, access, ct);
        // SELECT (QRESYNC (uidvalidity modseq known-uids)): the server answers VANISHED (EARLIER) with the UIDs
        // expunged since (RFC 7162 §3.2.5); MailKit reports them on MessagesVanished.
        var folder = (ImapFolder)(string.Equals(name, "INBOX", StringComparison.OrdinalIgnoreCase) ? client.Inbox : await Try(Endpoint, () => client.GetFolderAsync(name, ct)));
        var vanished = new List<uint>();
        void Vanished(object? sender, MessagesVanishedEventArgs e) => vanished.AddRange(e.UniqueIds.Select(u => u.Id));
        folder.MessagesVanished += Vanished;
        try
        {
            var known = new UniqueIdRange(resync.UidValidity, 1, resync.LastUid);
            await Try(Endpoint, () => folder.OpenAsync(access, resync.UidValidity, resync.HighestModSeq.Value, known, ct));
        }
        finally
        {
            folder.MessagesVanished -= Vanished;
        }
        if (vanished.Count > 0 && folder.UidValidity == resync.UidValidity)
            await checkpoints.RemoveStoredUidsAsync(mailbox.Id, name, resync.UidValidity, vanished, ct);
        return folder;
    }

    private async Task<ImapFolder> SyncFolderAsync(ImapClient client, string name, CancellationToken ct)
    {
        var checkpoint = await CheckpointAsync(name, ct);
        var folder = await OpenAsync(client, name, checkpoint, ct);
        await Try(Endpoint, () => ImportAsync(client, folder, name, checkpoint, ct));
        if (mailbox.Config.OnServer == "delete")
            await Try(Endpoint, () => DeleteExpiredAsync(folder, name, ct));
        return folder;
    }

    private async Task ImportAsync(ImapClient client, ImapFolder folder, string name, FolderCheckpoint? checkpoint, CancellationToken ct)
    {
        var uidValidity = folder.UidValidity;
        var uidNext = folder.UidNext?.Id ?? 0;
        // CONDSTORE (RFC 7162 §3.1): the HIGHESTMODSEQ seen when the pass opened the folder; saved with the last
        // checkpoint of the pass, since anything arriving meanwhile raises it.
        ulong? modSeq = client.Capabilities.HasFlag(ImapCapabilities.CondStore) && folder.HighestModSeq > 0 ? folder.HighestModSeq : null;
        IReadOnlyList<uint> uids;
        var throttle = false;
        if (checkpoint is null)
        {
            uids = await FirstImportAsync(folder, ct);
            throttle = mailbox.Config.InitialImport == "recent";
        }
        else if (checkpoint.UidValidity != uidValidity)
        {
            // The server renumbered the folder: take what arrived since shortly before the last sync; the
            // store skips what it has (Message-ID and size), so nothing is duplicated.
            logger.LogWarning("UIDVALIDITY of {Folder} in {Mailbox} changed ({Old} → {New}); re-syncing", name, mailbox.Address,
                checkpoint.UidValidity, uidValidity);
            uids = await SearchAsync(folder, SearchQuery.DeliveredAfter(checkpoint.UpdatedAt.UtcDateTime.Date.AddDays(-1)), ct);
            // The old UIDs name nothing now; messages re-fetched below are recorded again under the new UIDVALIDITY.
            await checkpoints.ForgetStoredUidsAsync(mailbox.Id, name, uidValidity, ct);
        }
        else
        {
            // Nothing changed since the last pass (same HIGHESTMODSEQ), or no UID beyond the checkpoint: no SEARCH.
            if (modSeq is not null && checkpoint.HighestModSeq == modSeq)
                return;
            if (uidNext > 0 && uidNext <= checkpoint.LastUid + 1)
            {
                await checkpoints.SaveAsync(mailbox.Id, name, uidValidity, checkpoint.LastUid, ct, modSeq);
                return;
            }
            var range = SearchQuery.Uids(new UniqueIdRange(new UniqueId(checkpoint.LastUid + 1), UniqueId.MaxValue));
            uids = [.. (await SearchAsync(folder, range, ct)).Where(u => u > checkpoint.LastUid)];
        }

        var backlog = uids.Count;
        foreach (var chunk in uids.Chunk(Math.Max(1, options.BatchSize)))
        {
            await mailboxes.SetSyncStateAsync(mailbox.Id, null, backlog, ct);
            backlog -= chunk.Length;
            var fetched = new List<FetchedMessage>(chunk.Length);
            var fetchedUids = new List<uint>(chunk.Length);
            // UID FETCH (UID BODY.PEEK[]): the raw bytes as the server holds them; PEEK leaves \Seen alone.
            await folder.GetStreamsAsync([.. chunk.Select(u => new UniqueId(uidValidity, u))], async (_, _, uid, content, token) =>
            {
                using var buffer = new MemoryStream(content.CanSeek && content.Length is > 0 and < int.MaxValue ? (int)content.Length : 4096);
                await content.CopyToAsync(buffer, token);
                fetched.Add(new FetchedMessage(buffer.ToArray(), $"{name} uid {uid.Id}"));
                fetchedUids.Add(uid.Id);
            }, ct);
            await store.StoreAsync(mailbox, "imap", Server.Host, fetched, ct);
            // Stored first (committed, or found stored already), then recorded as such, then the checkpoint: a crash
            // in between fetches the chunk again, and the store skips it. Only UIDs whose bodies arrived are recorded.
            if (mailbox.Config.OnServer != "move")
                await checkpoints.AddStoredUidsAsync(mailbox.Id, name, uidValidity, fetchedUids, time.GetUtcNow(), ct);
            await checkpoints.SaveAsync(mailbox.Id, name, uidValidity, chunk.Max(), ct);
            await ApplyOnServerAsync(client, folder, chunk, uidValidity, ct);
            if (throttle)
                await Task.Delay(options.ImportThrottle, time, ct);
        }
        if (uids.Count > 0)
            await mailboxes.SetSyncStateAsync(mailbox.Id, null, 0, ct);
        // The folder's end as of this pass: a first import also steps over the mail it left out (older than the start).
        var last = Math.Max(uids.Count > 0 ? uids[^1] : 0, uidNext > 0 ? uidNext - 1 : (await SearchAsync(folder, SearchQuery.All, ct)).LastOrDefault());
        if (checkpoint is { } c && c.UidValidity == uidValidity)
            last = Math.Max(last, c.LastUid);
        await checkpoints.SaveAsync(mailbox.Id, name, uidValidity, last, ct, modSeq);
    }

    /// <summary>
    /// The folder's first sync. "new" takes mail whose INTERNALDATE is at or after the mailbox's start
    /// (<see cref="Mailbox.ImportFrom"/>), not the folder's end at the first connection that happened to succeed:
    /// mail that arrived while the first connections failed is not lost. SEARCH SINCE compares dates only, in the
    /// server's time zone (RFC 9051 §6.4.4), so it looks a day earlier and INTERNALDATE decides. "recent" takes
    /// the InitialImportDays days before the start.
    /// </summary>
    private async Task<IReadOnlyList<uint>> FirstImportAsync(ImapFolder folder, CancellationToken ct)
    {
        if (mailbox.Config.InitialImport == "recent")
            return await SearchAsync(folder, SearchQuery.DeliveredAfter(ImportFrom.UtcDateTime.Date.AddDays(-mailbox.Config.InitialImportDays)), ct);
        var candidates = await folder.SearchAsync(SearchQuery.DeliveredAfter(ImportFrom.UtcDateTime.Date.AddDays(-1)), ct);
        if (candidates.Count == 0)
            return [];
        var dates = await folder.FetchAsync(candidates, MessageSummaryItems.UniqueId | MessageSummaryItems.InternalDate, ct);
        return [.. dates.Where(d => d.InternalDate is not { } date || date >= ImportFrom).Select(d => d.UniqueId.Id).Order()];
    }

    private static async Task<IReadOnlyList<uint>> SearchAsync(ImapFolder folder, SearchQuery query, CancellationToken ct) =>
        [.. (await folder.SearchAsync(query, ct)).Select(u => u.Id).Order()];

    /// <summary>
    /// Deletes, in the open folder, the messages MailHub stored more than DeleteAfterDays ago: UID STORE +FLAGS
    /// \Deleted (RFC 9051 §6.4.6), then MailKit's expunge of exactly those UIDs (UID EXPUNGE, RFC 4315 §2.1; without
    /// UIDPLUS the RFC 4549 §4.2.4 fallback that lifts other clients' \Deleted marks around a plain EXPUNGE and puts them back).
    /// </summary>
    private async Task DeleteExpiredAsync(ImapFolder folder, string name, CancellationToken ct)
    {
        const int Batch = 500;
        var storedBefore = time.GetUtcNow().AddDays(-mailbox.Config.DeleteAfterDays);
        while (true)
        {
            var due = await checkpoints.StoredBeforeAsync(mailbox.Id, name, folder.UidValidity, storedBefore, Batch, ct);
            if (due.Count == 0)
                return;
            var set = due.Select(u => new UniqueId(folder.UidValidity, u)).ToList();
            await folder.AddFlagsAsync(set, MessageFlags.Deleted, true, ct);
            await folder.ExpungeAsync(set, ct);
            await checkpoints.RemoveStoredUidsAsync(mailbox.Id, name, folder.UidValidity, due, ct);
            logger.LogInformation("Deleted {Count} messages stored over {Days} days ago from {Folder} of {Mailbox}", due.Count,
                mailbox.Config.DeleteAfterDays, name, mailbox.Address);
            if (due.Count < Batch)
                return;
        }
    }

    /// <summary>markRead: +FLAGS \Seen; move: MailKit's MOVE (RFC 6851), or COPY + \Deleted + the exact expunge where MOVE is missing.</summary>
    private async Task ApplyOnServerAsync(ImapClient client, ImapFolder folder, uint[] uids, uint uidValidity, CancellationToken ct)
    {
        var set = uids.Select(u => new UniqueId(uidValidity, u)).ToList();
        switch (mailbox.Config.OnServer)
        {
            case "markRead":
                await folder.AddFlagsAsync(set, MessageFlags.Seen, true, ct);
                break;
            case "move" when mailbox.Config.OnServerFolder is { } target:
                await folder.MoveToAsync(set, await client.GetFolderAsync(target, ct), ct);
                break;
        }
    }

    private static async Task Try(MailEndpoint endpoint, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception e) when (MailErrors.IsMailFailure(e) && e is not MailProtocolException)
        {
            throw MailErrors.Translate(e, endpoint);
        }
    }

    private static async Task<T> Try<T>(MailEndpoint endpoint, Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (MailErrors.IsMailFailure(e) && e is not MailProtocolException)
        {
            throw MailErrors.Translate(e, endpoint);
        }
    }
}
