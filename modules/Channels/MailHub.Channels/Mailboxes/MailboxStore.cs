using System.Text.Json;
using MailHub.Channels.Addresses;
using MailHub.Core.Live;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;
using NpgsqlTypes;

namespace MailHub.Channels.Mailboxes;

/// <summary>The address (or one of the claims) belongs to another mailbox already.</summary>
internal sealed class AddressTakenException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>
/// channels.mailboxes: settings as jsonb, secrets protected with Data Protection (keys in
/// PostgreSQL), and the addresses a mailbox claims on the SMTP listener kept in step with it. Every change the admin's
/// list shows (saved, deleted, status, test mail, verified, how the sync waits, its backlog) is pushed to the consoles
/// as "mailbox" with the mailbox's id, after it committed.
/// </summary>
internal sealed class MailboxStore(NpgsqlDataSource dataSource, IDataProtectionProvider protection, ClaimedAddresses claims, LivePublisher live)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly IDataProtector _protector = protection.CreateProtector("MailHub.Channels.Mailboxes.Secrets.v1");

    /// <summary>Raised with its id after a mailbox was created, changed or deleted on this node (the sync supervisor pings its grain).</summary>
    public event Action<Guid>? Changed;

    private const string Columns = """
        id, name, address, display_name, provider, enabled, config::text, inbound_secret IS NOT NULL, outbound_secret IS NOT NULL,
        status, status_message, last_success_at, verified_at, created_at, updated_at, import_from
        """;

    public async Task<IReadOnlyList<Mailbox>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM channels.mailboxes ORDER BY created_at, id");
        return await ReadAsync(command, cancellationToken);
    }

    public async Task<Mailbox?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM channels.mailboxes WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        return (await ReadAsync(command, cancellationToken)).FirstOrDefault();
    }

    public async Task<Mailbox> CreateAsync(MailboxDraft draft, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        await SaveAsync(id, draft, isNew: true, cancellationToken);
        return (await FindAsync(id, cancellationToken))!;
    }

    public async Task<Mailbox?> UpdateAsync(Guid id, MailboxDraft draft, CancellationToken cancellationToken)
    {
        if (!await SaveAsync(id, draft, isNew: false, cancellationToken))
            return null;
        return await FindAsync(id, cancellationToken);
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var delete = new NpgsqlCommand("DELETE FROM channels.mailboxes WHERE id = $1", connection, transaction))
        {
            delete.Parameters.Add(new() { Value = id });
            if (await delete.ExecuteNonQueryAsync(cancellationToken) == 0)
                return false;
        }
        await using (var cleanup = new NpgsqlCommand("""
            DELETE FROM channels.claimed_addresses WHERE mailbox_id = $1;
            DELETE FROM channels.sync_folders WHERE mailbox_id = $1;
            DELETE FROM channels.sync_pop3_uidls WHERE mailbox_id = $1;
            DELETE FROM channels.sync_imap_stored WHERE mailbox_id = $1;
            """.Replace("$1", "@id", StringComparison.Ordinal), connection, transaction))
        {
            cleanup.Parameters.AddWithValue("id", id);
            await cleanup.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        claims.Invalidate();
        Changed?.Invoke(id);
        Pushed(id);
        return true;
    }

    /// <summary>The secrets in clear, for the sync and delivery workers and the connection test.</summary>
    public async Task<MailboxSecrets> SecretsAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT inbound_secret, outbound_secret FROM channels.mailboxes WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return new MailboxSecrets(null, null);
        return new MailboxSecrets(
            reader.IsDBNull(0) ? null : _protector.Unprotect(reader.GetString(0)),
            reader.IsDBNull(1) ? null : _protector.Unprotect(reader.GetString(1)));
    }

    /// <summary>
    /// Records what the sync worker is doing; a success also moves lastSuccessAt. A disabled mailbox keeps "disabled":
    /// a sync that was running when the admin disabled it ends after the change and must not write "idle" over it.
    /// </summary>
    public async Task SetStatusAsync(Guid id, string status, string? message, bool success, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE channels.mailboxes SET status = $2, status_message = $3,
                last_success_at = CASE WHEN $4 THEN now() ELSE last_success_at END
            WHERE id = $1 AND enabled AND (status IS DISTINCT FROM $2 OR status_message IS DISTINCT FROM $3 OR $4)
            """);
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = status });
        command.Parameters.Add(new() { Value = (object?)message ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = success });
        if (await command.ExecuteNonQueryAsync(cancellationToken) > 0)
            Pushed(id);
    }

    /// <summary>How the sync waits for new mail ("idle" or "polling"; null keeps it) and how many messages it has still to import.</summary>
    public async Task SetSyncStateAsync(Guid id, string? waitMode, int backlog, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE channels.mailboxes SET wait_mode = COALESCE($2, wait_mode), backlog = $3
            WHERE id = $1 AND (wait_mode IS DISTINCT FROM COALESCE($2, wait_mode) OR backlog <> $3)
            """);
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = (object?)waitMode ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = backlog });
        if (await command.ExecuteNonQueryAsync(cancellationToken) > 0)
            Pushed(id);
    }

    public async Task<MailboxHealth> HealthOfAsync(Guid id, CancellationToken cancellationToken) =>
        (await HealthAsync(id, cancellationToken)).GetValueOrDefault(id, MailboxHealth.None);

    /// <summary>
    /// What the list shows beside the settings, per mailbox (all, or the one given): mail received in the last 24 hours
    /// (the index on (mailbox_id, received_at) answers it), the backlog and wait mode the sync wrote, and where the
    /// test mail stands.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, MailboxHealth>> HealthAsync(Guid? id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT m.id, m.wait_mode, m.backlog, m.test_message_id IS NOT NULL, m.verified_at IS NOT NULL,
                (SELECT count(*) FROM channels.inbound_messages i WHERE i.mailbox_id = m.id AND i.received_at >= now() - interval '24 hours')
            FROM channels.mailboxes m WHERE $1::uuid IS NULL OR m.id = $1
            """);
        command.Parameters.Add(new() { Value = (object?)id ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        var health = new Dictionary<Guid, MailboxHealth>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var verification = reader.GetBoolean(4) ? MailboxHealth.Verified
                : reader.GetBoolean(3) ? MailboxHealth.WaitingForReply : MailboxHealth.NotVerified;
            health[reader.GetGuid(0)] = new MailboxHealth(reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt32(2),
                reader.GetInt64(5), verification);
        }
        return health;
    }

    /// <summary>A new test mail starts the send/receive check again: the mailbox waits for the reply to this one.</summary>
    public async Task SetTestMessageAsync(Guid id, string messageId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE channels.mailboxes SET test_message_id = $2, verified_at = NULL WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = messageId });
        if (await command.ExecuteNonQueryAsync(cancellationToken) > 0)
            Pushed(id);
    }

    /// <summary>Marks verified the mailboxes whose test mail the message replies to; returns how many.</summary>
    public async Task<int> MarkVerifiedAsync(IReadOnlyList<string> repliedTo, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE channels.mailboxes SET verified_at = now() WHERE test_message_id = ANY($1) AND verified_at IS NULL RETURNING id");
        command.Parameters.Add(new() { Value = repliedTo.ToArray() });
        var verified = new List<Guid>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                verified.Add(reader.GetGuid(0));
        }
        verified.ForEach(Pushed);
        return verified.Count;
    }

    public async Task<bool> AnyAwaitingVerificationAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT EXISTS (SELECT 1 FROM channels.mailboxes WHERE test_message_id IS NOT NULL AND verified_at IS NULL)");
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task<bool> SaveAsync(Guid id, MailboxDraft draft, bool isNew, CancellationToken cancellationToken)
    {
        var patterns = draft.Config.Claims.ToList();
        if (draft.Config.Protocol is InboundProtocols.Sandbox or InboundProtocols.Relay)
            patterns.Insert(0, ClaimedAddresses.Normalize(draft.Address));
        patterns = [.. patterns.Distinct(StringComparer.Ordinal)];

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var taken = new NpgsqlCommand(
            "SELECT pattern FROM channels.claimed_addresses WHERE pattern = ANY($1) AND mailbox_id IS NOT NULL AND mailbox_id <> $2 LIMIT 1",
            connection, transaction))
        {
            taken.Parameters.Add(new() { Value = patterns.ToArray() });
            taken.Parameters.Add(new() { Value = id });
            if (await taken.ExecuteScalarAsync(cancellationToken) is string pattern)
            {
                var field = pattern == ClaimedAddresses.Normalize(draft.Address) ? "address" : "claims";
                throw new AddressTakenException(field, $"{pattern} is claimed by another mailbox already: remove it there first.");
            }
        }

        var sql = isNew
            ? """
              INSERT INTO channels.mailboxes (id, name, address, display_name, provider, protocol, enabled, config, inbound_secret, outbound_secret, status)
              VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11)
              """
            : """
              UPDATE channels.mailboxes SET name = $2, address = $3, display_name = $4, provider = $5, protocol = $6, enabled = $7,
                  config = $8::jsonb, inbound_secret = COALESCE($9, inbound_secret),
                  outbound_secret = CASE WHEN $12 THEN NULL ELSE COALESCE($10, outbound_secret) END,
                  status = CASE WHEN protocol <> $6 OR NOT enabled OR NOT $7 THEN $11 ELSE status END, updated_at = now(),
                  import_from = CASE WHEN NOT enabled AND $7 THEN now() ELSE import_from END
              WHERE id = $1
              """;
        await using (var save = new NpgsqlCommand(sql, connection, transaction))
        {
            save.Parameters.Add(new() { Value = id });
            save.Parameters.Add(new() { Value = draft.Name });
            save.Parameters.Add(new() { Value = draft.Address });
            save.Parameters.Add(new() { Value = (object?)draft.DisplayName ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            save.Parameters.Add(new() { Value = draft.Provider });
            save.Parameters.Add(new() { Value = draft.Config.Protocol });
            save.Parameters.Add(new() { Value = draft.Enabled });
            save.Parameters.Add(new() { Value = JsonSerializer.Serialize(draft.Config, Json) });
            save.Parameters.Add(new() { Value = Protect(draft.InboundPassword), NpgsqlDbType = NpgsqlDbType.Text });
            save.Parameters.Add(new() { Value = Protect(draft.OutboundPassword), NpgsqlDbType = NpgsqlDbType.Text });
            save.Parameters.Add(new() { Value = InitialStatus(draft) });
            if (!isNew)
                save.Parameters.Add(new() { Value = draft.Config.Outbound is null });
            try
            {
                if (await save.ExecuteNonQueryAsync(cancellationToken) == 0)
                    return false;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                throw new AddressTakenException("address", $"Another mailbox has the address {draft.Address} already.");
            }
        }

        await using (var claim = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("DELETE FROM channels.claimed_addresses WHERE mailbox_id = $1 AND pattern <> ALL($2)")
                {
                    Parameters = { new() { Value = id }, new() { Value = patterns.ToArray() } },
                },
                new NpgsqlBatchCommand("""
                    INSERT INTO channels.claimed_addresses (pattern, mailbox_id) SELECT p, $1 FROM unnest($2::text[]) AS p
                    ON CONFLICT (pattern) DO UPDATE SET mailbox_id = EXCLUDED.mailbox_id, claimed_at = now()
                    """)
                {
                    Parameters = { new() { Value = id }, new() { Value = patterns.ToArray() } },
                },
            },
        })
        {
            await claim.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        claims.Invalidate();
        Changed?.Invoke(id);
        Pushed(id);
        return true;
    }

    private void Pushed(Guid id) => live.Publish(LivePush.Of("mailbox", new MailboxChanged(id)));

    private static string InitialStatus(MailboxDraft draft) =>
        !draft.Enabled ? MailboxStatuses.Disabled : InboundProtocols.Pulls(draft.Config.Protocol) ? MailboxStatuses.Connecting : MailboxStatuses.Idle;

    private object Protect(string? secret) => secret is null ? DBNull.Value : _protector.Protect(secret);

    private static async Task<IReadOnlyList<Mailbox>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var list = new List<Mailbox>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new Mailbox(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4),
                reader.GetBoolean(5), JsonSerializer.Deserialize<MailboxConfig>(reader.GetString(6), Json)!, reader.GetBoolean(7), reader.GetBoolean(8),
                reader.GetString(9), reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11), reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12),
                reader.GetFieldValue<DateTimeOffset>(13), reader.GetFieldValue<DateTimeOffset>(14))
            {
                ImportFrom = reader.GetFieldValue<DateTimeOffset>(15),
            });
        }
        return list;
    }
}
