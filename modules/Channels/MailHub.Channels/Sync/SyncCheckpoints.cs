using Npgsql;

namespace MailHub.Channels.Sync;

/// <summary>Where a folder's sync stands: the last UID stored under a UIDVALIDITY, and the folder's HIGHESTMODSEQ then (CONDSTORE).</summary>
internal sealed record FolderCheckpoint(uint UidValidity, uint LastUid, DateTimeOffset UpdatedAt, ulong? HighestModSeq = null);

/// <summary>channels.sync_folders, channels.sync_imap_stored and channels.sync_pop3_uidls.</summary>
internal sealed class SyncCheckpoints(NpgsqlDataSource dataSource)
{
    public async Task<FolderCheckpoint?> FindAsync(Guid mailbox, string folder, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT uid_validity, last_uid, updated_at, highest_modseq FROM channels.sync_folders WHERE mailbox_id = $1 AND folder = $2");
        command.Parameters.Add(new() { Value = mailbox });
        command.Parameters.Add(new() { Value = folder });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new FolderCheckpoint((uint)reader.GetInt64(0), (uint)reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2),
                reader.IsDBNull(3) ? null : (ulong)reader.GetInt64(3))
            : null;
    }

    /// <summary>Saves where the folder stands; <paramref name="highestModSeq"/> only once the whole folder was looked at.</summary>
    public async Task SaveAsync(Guid mailbox, string folder, uint uidValidity, uint lastUid, CancellationToken cancellationToken, ulong? highestModSeq = null)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO channels.sync_folders (mailbox_id, folder, uid_validity, last_uid, highest_modseq) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (mailbox_id, folder) DO UPDATE SET uid_validity = EXCLUDED.uid_validity, last_uid = EXCLUDED.last_uid,
                highest_modseq = EXCLUDED.highest_modseq, updated_at = now()
            """);
        command.Parameters.Add(new() { Value = mailbox });
        command.Parameters.Add(new() { Value = folder });
        command.Parameters.Add(new() { Value = (long)uidValidity });
        command.Parameters.Add(new() { Value = (long)lastUid });
        command.Parameters.Add(new() { Value = highestModSeq is { } m ? (long)m : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Records IMAP UIDs whose messages are now in MailHub; a UID recorded earlier keeps its first time.</summary>
    public async Task AddStoredUidsAsync(Guid mailbox, string folder, uint uidValidity, IReadOnlyCollection<uint> uids, DateTimeOffset storedAt,
        CancellationToken cancellationToken)
    {
        if (uids.Count == 0)
            return;
        await using var command = dataSource.CreateCommand("""
            INSERT INTO channels.sync_imap_stored (mailbox_id, folder, uid_validity, uid, stored_at)
            SELECT $1, $2, $3, u, $5 FROM unnest($4::bigint[]) AS u ON CONFLICT DO NOTHING
            """);
        command.Parameters.Add(new() { Value = mailbox });
        command.Parameters.Add(new() { Value = folder });
        command.Parameters.Add(new() { Value = (long)uidValidity });
        command.Parameters.Add(new() { Value = uids.Select(u => (long)u).ToArray() });
        command.Parameters.Add(new() { Value = storedAt });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Stored UIDs of a folder under this UIDVALIDITY stored before <paramref name="storedBefore"/>, oldest UIDs first.</summary>
    public async Task<IReadOnlyList<uint>> StoredBeforeAsync(Guid mailbox, string folder, uint uidValidity, DateTimeOffset storedBefore, int limit,
        CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT uid FROM channels.sync_imap_stored
            WHERE mailbox_id = $1 AND folder = $2 AND uid_validity = $3 AND stored_at < $4 ORDER BY uid LIMIT $5
            """);
        command.Parameters.Add(new() { Value = mailbox });
        command.Parameters.Add(new() { Value = folder });
        command.Parameters.Add(new() { Value = (long)uidValidity });
        command.Parameters.Add(new() { Value = storedBefore });
        command.Parameters.Add(new() { Value = limit });
        var uids = new List<uint>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            uids.Add((uint)reader.GetInt64(0));
        return uids;
    }

    /// <summary>Forgets UIDs expunged on the server.</summary>
    public async Task RemoveStoredUidsAsync(Guid mailbox, string folder, uint uidValidity, IReadOnlyCollection<uint> uids, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "DELETE FROM channels.sync_imap_stored WHERE mailbox_id = $1 AND folder = $2 AND uid_validity = $3 AND uid = ANY($4::bigint[])");
        command.Parameters.Add(new() { Value = mailbox });
        command.Parameters.Add(new() { Value = folder });
        command.Parameters.Add(new() { Value = (long)uidValidity });
        command.Parameters.Add(new() { Value = uids.Select(u => (long)u).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>After a UIDVALIDITY change the old UIDs name nothing: forget them.</summary>
    public async Task ForgetStoredUidsAsync(Guid mailbox, string folder, uint keepUidValidity, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "DELETE FROM channels.sync_imap_stored WHERE mailbox_id = $1 AND folder = $2 AND uid_validity <> $3");
        command.Parameters.Add(new() { Value = mailbox });
        command.Parameters.Add(new() { Value = folder });
        command.Parameters.Add(new() { Value = (long)keepUidValidity });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The UIDLs already seen, each with when its message was stored (null: seen, never stored).</summary>
    public async Task<Dictionary<string, DateTimeOffset?>> KnownUidlsAsync(Guid mailbox, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT uidl, stored_at FROM channels.sync_pop3_uidls WHERE mailbox_id = $1");
        command.Parameters.Add(new() { Value = mailbox });
        var known = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            known[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1);
        return known;
    }

    /// <summary>Records UIDLs as seen; with <paramref name="storedAt"/>, as stored then (a UIDL seen before becomes stored).</summary>
    public async Task AddUidlsAsync(Guid mailbox, IReadOnlyList<string> uidls, DateTimeOffset? storedAt, CancellationToken cancellationToken)
    {
        if (uidls.Count == 0)
            return;
        await using var command = dataSource.CreateCommand("""
            INSERT INTO channels.sync_pop3_uidls (mailbox_id, uidl, stored_at) SELECT $1, u, $3 FROM unnest($2::text[]) AS u
            ON CONFLICT (mailbox_id, uidl) DO UPDATE SET stored_at = EXCLUDED.stored_at
                WHERE sync_pop3_uidls.stored_at IS NULL AND EXCLUDED.stored_at IS NOT NULL
            """);
        command.Parameters.Add(new() { Value = mailbox });
        command.Parameters.Add(new() { Value = uidls.ToArray() });
        command.Parameters.Add(new() { Value = storedAt.HasValue ? storedAt.Value : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Forgets UIDLs the server no longer lists (deleted there): the set stays the size of the mailbox.</summary>
    public async Task KeepUidlsAsync(Guid mailbox, IReadOnlyCollection<string> onServer, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM channels.sync_pop3_uidls WHERE mailbox_id = $1 AND uidl <> ALL($2)");
        command.Parameters.Add(new() { Value = mailbox });
        command.Parameters.Add(new() { Value = onServer.ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
