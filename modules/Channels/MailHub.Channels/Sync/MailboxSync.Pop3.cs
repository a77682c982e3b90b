using MailHub.Channels.Mailboxes;
using MailHub.Mail.Clients;
using MailHub.Mail.Mime;
using MailKit.Net.Pop3;
using MimeKit;
using MimeKit.Utils;

namespace MailHub.Channels.Sync;

/// <summary>POP3 on MailKit's <see cref="Pop3Client"/>: one session per poll, new UIDLs fetched, deletions committed by QUIT.</summary>
internal sealed partial class MailboxSync
{
    private const string Pop3Checkpoint = "pop3:INBOX";

    private async Task SyncPop3Async(string secret, CancellationToken ct)
    {
        var endpoint = Endpoint;
        using var client = await Pop3Session.OpenAsync(endpoint, Server.Username, secret, OAuth2, ct);
        await mailboxes.SetStatusAsync(mailbox.Id, MailboxStatuses.Syncing, null, false, ct);
        await mailboxes.SetSyncStateAsync(mailbox.Id, WaitModes.Polling, 0, ct);
        await Try(endpoint, () => SyncPop3Async(client, ct));
        await mailboxes.SetStatusAsync(mailbox.Id, MailboxStatuses.Idle, null, true, ct);
    }

    private async Task SyncPop3Async(Pop3Client client, CancellationToken ct)
    {
        // Index i (0-based, MailKit) is message number i + 1 (RFC 1939 §7 UIDL).
        var onServer = client.Count == 0 ? [] : await client.GetMessageUidsAsync(ct);
        var known = await checkpoints.KnownUidlsAsync(mailbox.Id, ct);
        var first = await CheckpointAsync(Pop3Checkpoint, ct) is null;
        var from = mailbox.Config.InitialImport == "recent" ? ImportFrom.AddDays(-mailbox.Config.InitialImportDays) : ImportFrom;
        var fresh = Enumerable.Range(0, onServer.Count).Where(i => !known.ContainsKey(onServer[i])).ToList();
        var backlog = fresh.Count;
        foreach (var chunk in fresh.Chunk(Math.Max(1, options.BatchSize)))
        {
            await mailboxes.SetSyncStateAsync(mailbox.Id, null, backlog, ct);
            backlog -= chunk.Length;
            var fetched = new List<FetchedMessage>(chunk.Length);
            var stored = new List<string>(chunk.Length);
            var skipped = new List<string>();
            foreach (var index in chunk)
            {
                var uidl = onServer[index];
                // The first sync decides by arrival, read from the headers alone (TOP n 0) where the server has TOP.
                if (first && client.Capabilities.HasFlag(Pop3Capabilities.Top))
                {
                    await using var headers = await client.GetStreamAsync(index, headersOnly: true, ct);
                    if (await ArrivedAsync(headers, ct) < from)
                    {
                        skipped.Add(uidl); // arrived before the mailbox started: seen, not stored, never deleted
                        continue;
                    }
                }
                using var buffer = new MemoryStream();
                await using (var content = await client.GetStreamAsync(index, false, ct))
                    await content.CopyToAsync(buffer, ct);
                if (first && !client.Capabilities.HasFlag(Pop3Capabilities.Top) && await ArrivedAsync(new MemoryStream(buffer.ToArray()), ct) < from)
                {
                    skipped.Add(uidl);
                    continue;
                }
                fetched.Add(new FetchedMessage(buffer.ToArray(), $"uidl {uidl}"));
                stored.Add(uidl);
            }
            await store.StoreAsync(mailbox, "pop3", Server.Host, fetched, ct);
            await checkpoints.AddUidlsAsync(mailbox.Id, stored, time.GetUtcNow(), ct);
            await checkpoints.AddUidlsAsync(mailbox.Id, skipped, storedAt: null, ct);
        }
        await mailboxes.SetSyncStateAsync(mailbox.Id, null, 0, ct);
        if (first)
            await checkpoints.SaveAsync(mailbox.Id, Pop3Checkpoint, 0, 0, ct);

        if (mailbox.Config.OnServer == "delete")
        {
            var expired = time.GetUtcNow().AddDays(-mailbox.Config.DeleteAfterDays);
            for (var i = 0; i < onServer.Count; i++)
            {
                if (known.TryGetValue(onServer[i], out var storedAt) && storedAt < expired) // null (never stored) compares false
                    await client.DeleteMessageAsync(i, ct);
            }
        }
        await checkpoints.KeepUidlsAsync(mailbox.Id, [.. onServer], ct);
        await client.DisconnectAsync(true, ct); // QUIT commits the deletions (RFC 1939 §6)
    }

    /// <summary>
    /// When a POP3 message reached the mailbox, as near as POP3 can tell (it has no INTERNALDATE): the date of the
    /// topmost Received: field, which the provider's own server added on delivery (RFC 5321 §4.4), else the Date:
    /// field the sender wrote. Null when neither parses: such mail is imported rather than risked.
    /// </summary>
    private static async Task<DateTimeOffset?> ArrivedAsync(Stream headers, CancellationToken ct)
    {
        HeaderList list;
        try
        {
            list = await HeaderList.LoadAsync(headers, ct);
        }
        catch (FormatException)
        {
            return null;
        }
        var received = list.FirstOrDefault(h => h.Id == HeaderId.Received)?.Value;
        if (received is not null && received.LastIndexOf(';') is var semicolon and >= 0
            && DateUtils.TryParse(received[(semicolon + 1)..].Trim(), out var deliveredAt))
            return deliveredAt;
        return MailDate.TryParse(list[HeaderId.Date], out var written) ? written : null;
    }
}
