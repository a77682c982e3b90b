using System.Text;
using MailHub.Mail.Net;

namespace MailHub.Mail.Imap;

public sealed partial class ImapClient
{
    /// <summary>UID SEARCH in the open folder; returns the matching UIDs in ascending order.</summary>
    public async Task<IReadOnlyList<uint>> SearchAsync(ImapSearchQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        RequireSelected();
        var uids = new List<uint>();
        await ExecuteOkAsync(new ImapCommand("SEARCH").Raw("UID SEARCH " + query.Text), ct, r =>
        {
            if (r.Name == "SEARCH")
                uids.AddRange(r.Values.Select(ImapValues.Number).OfType<uint>());
        });
        uids.Sort();
        return uids;
    }

    /// <summary>
    /// UID FETCH of metadata and, when <paramref name="onBody"/> is given, the whole raw message (BODY.PEEK[], which
    /// leaves \Seen alone) streamed to the handler as it arrives.
    /// </summary>
    public async Task<IReadOnlyList<ImapMessageSummary>> FetchAsync(UidSet uids, ImapFetchItems items,
        Func<ImapMessageBody, CancellationToken, ValueTask>? onBody = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(uids);
        RequireSelected();
        var what = new StringBuilder("UID");
        if (items.HasFlag(ImapFetchItems.Flags))
            what.Append(" FLAGS");
        if (items.HasFlag(ImapFetchItems.Size))
            what.Append(" RFC822.SIZE");
        if (items.HasFlag(ImapFetchItems.InternalDate))
            what.Append(" INTERNALDATE");
        if (items.HasFlag(ImapFetchItems.Envelope))
            what.Append(" ENVELOPE");
        if (onBody is not null)
            what.Append(" BODY.PEEK[]");

        ImapParser.BodySink? sink = onBody is null ? null : (seq, uid, content, token) => onBody(new ImapMessageBody(seq, uid, content.Length, content), token);
        var summaries = new List<ImapMessageSummary>();
        var command = new ImapCommand("FETCH").Raw($"UID FETCH {uids} ({what})");
        var (status, commandAlert) = await ExecuteAsync(command, r =>
        {
            if (r.Name != "FETCH" || r.Fetch is not { } f || ImapValues.Number(f.GetValueOrDefault("UID")) is not { } uid)
                return;
            summaries.Add(new ImapMessageSummary(r.Number ?? 0, uid)
            {
                Flags = f.TryGetValue("FLAGS", out var flags) ? ImapValues.Strings(flags) : [],
                Size = ImapValues.Long(f.GetValueOrDefault("RFC822.SIZE")),
                InternalDate = ImapValues.InternalDate(f.GetValueOrDefault("INTERNALDATE")),
                Envelope = ImapValues.Envelope(f.GetValueOrDefault("ENVELOPE")),
            });
        }, sink, ct);
        if (status.Name != "OK")
            throw ImapErrors.FromStatus(Endpoint, "FETCH", status, commandAlert);
        return summaries;
    }

    /// <summary>Downloads one message to <paramref name="destination"/>; false when no message has that UID (any more).</summary>
    public async Task<bool> FetchMessageAsync(uint uid, Stream destination, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var found = false;
        await FetchAsync(UidSet.Single(uid), ImapFetchItems.None, async (body, token) =>
        {
            found = true;
            await body.Content.CopyToAsync(destination, token);
        }, ct);
        return found;
    }

    public Task AddFlagsAsync(UidSet uids, IEnumerable<string> flags, CancellationToken ct = default) => StoreAsync(uids, "+FLAGS.SILENT", flags, ct);

    public Task RemoveFlagsAsync(UidSet uids, IEnumerable<string> flags, CancellationToken ct = default) => StoreAsync(uids, "-FLAGS.SILENT", flags, ct);

    public Task ReplaceFlagsAsync(UidSet uids, IEnumerable<string> flags, CancellationToken ct = default) => StoreAsync(uids, "FLAGS.SILENT", flags, ct);

    private Task StoreAsync(UidSet uids, string action, IEnumerable<string> flags, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(uids);
        ArgumentNullException.ThrowIfNull(flags);
        RequireSelected();
        return ExecuteOkAsync(new ImapCommand("STORE").Raw($"UID STORE {uids} {action} ({string.Join(' ', flags)})"), ct);
    }

    public Task CopyAsync(UidSet uids, string destination, CancellationToken ct = default)
    {
        RequireSelected();
        return ExecuteOkAsync(new ImapCommand("COPY").Raw($"UID COPY {uids} ").String(ImapUtf7.Encode(destination)), ct);
    }

    /// <summary>
    /// Moves messages: UID MOVE (RFC 6851) where offered, else COPY, \Deleted, and an expunge of exactly those
    /// messages (<see cref="ExpungeUidsAsync"/>).
    /// </summary>
    public async Task MoveAsync(UidSet uids, string destination, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(uids);
        ArgumentNullException.ThrowIfNull(destination);
        RequireSelected();
        if (Supports("MOVE"))
        {
            await ExecuteOkAsync(new ImapCommand("MOVE").Raw($"UID MOVE {uids} ").String(ImapUtf7.Encode(destination)), ct);
            return;
        }
        await CopyAsync(uids, destination, ct);
        await AddFlagsAsync(uids, [@"\Deleted"], ct);
        await ExpungeUidsAsync(uids, ct);
    }

    /// <summary>
    /// Removes every message marked \Deleted in the open folder (RFC 9051 §6.4.3), including those another client
    /// marked and meant to keep until it expunges them itself: prefer <see cref="ExpungeUidsAsync"/>.
    /// </summary>
    public Task ExpungeAsync(CancellationToken ct = default)
    {
        RequireSelected();
        return ExecuteOkAsync(new ImapCommand("EXPUNGE").Raw("EXPUNGE"), ct);
    }

    /// <summary>
    /// Removes only <paramref name="uids"/> (they must already be marked \Deleted). With UIDPLUS this is UID EXPUNGE
    /// (RFC 4315 §2.1). Without it, a plain EXPUNGE would also take messages other clients marked \Deleted, so this
    /// does what RFC 4549 §4.2.4 describes: find the other \Deleted messages, lift their flag, EXPUNGE, and put the
    /// flag back. Should the connection drop in between, the worst outcome is a \Deleted flag another client has to
    /// set again, never a message expunged that was not ours. A message another client marks between our SEARCH and
    /// our EXPUNGE is still taken: without UIDPLUS no client can close that gap.
    /// </summary>
    public async Task ExpungeUidsAsync(UidSet uids, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(uids);
        RequireSelected();
        if (Supports("UIDPLUS"))
        {
            await ExecuteOkAsync(new ImapCommand("EXPUNGE").Raw($"UID EXPUNGE {uids}"), ct);
            return;
        }
        var others = await SearchAsync(ImapSearchQuery.Deleted.And(ImapSearchQuery.Not(ImapSearchQuery.Uids(uids))), ct);
        if (others.Count == 0)
        {
            await ExpungeAsync(ct);
            return;
        }
        var foreign = UidSet.Of(others);
        await RemoveFlagsAsync(foreign, [@"\Deleted"], ct);
        try
        {
            await ExpungeAsync(ct);
        }
        catch (MailProtocolException) when (!connection.IsBroken)
        {
            await AddFlagsAsync(foreign, [@"\Deleted"], ct);
            throw;
        }
        await AddFlagsAsync(foreign, [@"\Deleted"], ct);
    }

    private void RequireSelected()
    {
        if (SelectedFolder is null)
            throw new InvalidOperationException("Open a folder with SelectAsync or ExamineAsync first.");
        if (!IsAuthenticated)
            throw new MailProtocolException(MailErrorKind.AuthenticationFailed, "Log in first.");
    }
}
