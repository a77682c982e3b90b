using Npgsql;

namespace MailHub.Channels.Sync;

/// <summary>Where a folder's sync stands: the last UID stored under a UIDVALIDITY.</summary>
internal sealed record FolderCheckpoint(uint UidValidity, uint LastUid, DateTimeOffset UpdatedAt);

/// <summary>channels.sync_folders and channels.sync_pop3_uidls.</summary>
internal sealed class SyncCheckpoints(NpgsqlDataSource dataSource)
{
    public async Task<FolderCheckpoint?> FindAsync(Guid mailbox, string folder, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT uid_validity, last_uid, updated_at FROM channels.sync_folders WHERE mailbox_id = $1 AND folder = $2");
        command.Parameters.Add(new() { Value = mailbox });
        command.Parameters.Add(new() { Value = folder });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new FolderCheckpoint((uint)reader.GetInt64(0), (uint)reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2))
            : null;
    }

    public async Task SaveAsync(Guid mailbox, string folder, uint uidValidity, uint lastUid, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO channels.sync_folders (mailbox_id, folder, uid_validity, last_uid) VALUES ($1, $2, $3, $4)
            ON CONFLICT (mailbox_id, folder) DO UPDATE SET uid_validity = EXCLUDED.uid_validity, last_uid = EXCLUDED.last_uid, updated_at = now()
            """);
        command.Parameters.Add(new() { Value = mailbox });
        command.Parameters.Add(new() { Value = folder });
        command.Parameters.Add(new() { Value = (long)uidValidity });
        command.Parameters.Add(new() { Value = (long)lastUid });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<Dictionary<string, DateTimeOffset>> KnownUidlsAsync(Guid mailbox, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT uidl, first_seen_at FROM channels.sync_pop3_uidls WHERE mailbox_id = $1");
        command.Parameters.Add(new() { Value = mailbox });
        var known = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            known[reader.GetString(0)] = reader.GetFieldValue<DateTimeOffset>(1);
        return known;
    }

    public async Task AddUidlsAsync(Guid mailbox, IReadOnlyList<string> uidls, CancellationToken cancellationToken)
    {
        if (uidls.Count == 0)
            return;
        await using var command = dataSource.CreateCommand("""
            INSERT INTO channels.sync_pop3_uidls (mailbox_id, uidl) SELECT $1, u FROM unnest($2::text[]) AS u ON CONFLICT DO NOTHING
            """);
        command.Parameters.Add(new() { Value = mailbox });
        command.Parameters.Add(new() { Value = uidls.ToArray() });
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
