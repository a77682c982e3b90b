using MailHub.Channels.Contracts;
using Npgsql;

namespace MailHub.Channels.Outbox;

/// <summary>IOutbox: a row in channels.outbox with the whole content, before anything is sent.</summary>
internal sealed class Outbox(NpgsqlDataSource dataSource, OutboxSignal signal, IEnumerable<IOutboxObserver> observers) : IOutbox
{
    public async Task<Guid> EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var id = await EnqueueAsync(transaction, message, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        signal.Pulse();
        return id;
    }

    public async Task<Guid> EnqueueAsync(NpgsqlTransaction transaction, OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(message);
        if (message.Recipients.Count == 0)
            throw new ArgumentException("An outbound message needs at least one recipient.", nameof(message));
        if (string.IsNullOrWhiteSpace(message.MessageId))
            throw new ArgumentException("An outbound message needs its Message-ID: a retry after a crash is recognised by it.", nameof(message));

        var messageId = NormalizeMessageId(message.MessageId);
        await using var insert = new NpgsqlCommand("""
            WITH inserted AS (
                INSERT INTO channels.outbox (id, mailbox_id, message_id, mail_from, recipients, content, correlation_id, next_attempt_at, bulk)
                VALUES ($1, $2, $3, $4, $5, $6, $7, coalesce($8, now()), $9)
                ON CONFLICT (mailbox_id, message_id) DO NOTHING
                RETURNING id)
            SELECT id FROM inserted
            UNION ALL SELECT id FROM channels.outbox WHERE mailbox_id = $2 AND message_id = $3
            LIMIT 1
            """, transaction.Connection, transaction);
        insert.Parameters.Add(new() { Value = Guid.CreateVersion7() });
        insert.Parameters.Add(new() { Value = message.MailboxId });
        insert.Parameters.Add(new() { Value = messageId });
        insert.Parameters.Add(new() { Value = message.MailFrom });
        insert.Parameters.Add(new() { Value = message.Recipients.Select(r => r.Trim()).ToArray() });
        insert.Parameters.Add(new() { Value = message.Content.ToArray() });
        insert.Parameters.Add(new() { Value = (object?)message.CorrelationId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        insert.Parameters.Add(new() { Value = (object?)message.NotBefore?.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        insert.Parameters.Add(new() { Value = message.Bulk });
        var id = (Guid)(await insert.ExecuteScalarAsync(cancellationToken))!;
        foreach (var observer in observers)
            observer.Enqueued(message);
        // Only a hint: the row is visible once the caller commits; the workers also poll.
        signal.Pulse();
        return id;
    }

    public async Task<IReadOnlyList<Guid>> EnqueueAsync(NpgsqlTransaction transaction, IReadOnlyList<OutboundMessage> messages,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
            return [];
        var n = messages.Count;
        var ids = new Guid[n];
        var mailboxIds = new Guid[n];
        var messageIds = new string[n];
        var mailFroms = new string[n];
        var recipients = new string[n];
        var contents = new byte[n][];
        var correlations = new string?[n];
        var notBefore = new DateTime?[n];
        var bulk = new bool[n];
        for (var i = 0; i < n; i++)
        {
            var message = messages[i];
            if (message.Recipients.Count == 0)
                throw new ArgumentException("An outbound message needs at least one recipient.", nameof(messages));
            if (string.IsNullOrWhiteSpace(message.MessageId))
                throw new ArgumentException("An outbound message needs its Message-ID: a retry after a crash is recognised by it.", nameof(messages));
            ids[i] = Guid.CreateVersion7();
            mailboxIds[i] = message.MailboxId;
            messageIds[i] = NormalizeMessageId(message.MessageId);
            mailFroms[i] = message.MailFrom;
            // One text per row (unnest flattens a two-dimensional array): addresses never hold a line break.
            recipients[i] = string.Join('\n', message.Recipients.Select(r => r.Trim()));
            contents[i] = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(message.Content, out var segment)
                && segment.Offset == 0 && segment.Count == segment.Array!.Length ? segment.Array : message.Content.ToArray();
            correlations[i] = message.CorrelationId;
            notBefore[i] = message.NotBefore?.UtcDateTime;
            bulk[i] = message.Bulk;
        }
        // The rows already there (same mailbox and Message-ID: a batch handed over again) keep their id; CTEs see the table
        // as it was before the statement, so those are found in it, and the new ones in what the insert returned.
        await using var insert = new NpgsqlCommand("""
            WITH u AS (
                SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::bytea[], $7::text[], $8::timestamptz[], $9::boolean[])
                    WITH ORDINALITY AS u(id, mailbox_id, message_id, mail_from, recipients, content, correlation_id, not_before, bulk, n)),
            inserted AS (
                INSERT INTO channels.outbox (id, mailbox_id, message_id, mail_from, recipients, content, correlation_id, next_attempt_at, bulk)
                SELECT id, mailbox_id, message_id, mail_from, string_to_array(recipients, E'\n'), content, correlation_id, coalesce(not_before, now()), bulk
                FROM u ORDER BY n
                ON CONFLICT (mailbox_id, message_id) DO NOTHING
                RETURNING id, mailbox_id, message_id)
            SELECT coalesce(i.id, o.id) FROM u
            LEFT JOIN inserted i ON i.mailbox_id = u.mailbox_id AND i.message_id = u.message_id
            LEFT JOIN channels.outbox o ON o.mailbox_id = u.mailbox_id AND o.message_id = u.message_id
            ORDER BY u.n
            """, transaction.Connection, transaction);
        insert.Parameters.Add(new() { Value = ids });
        insert.Parameters.Add(new() { Value = mailboxIds });
        insert.Parameters.Add(new() { Value = messageIds });
        insert.Parameters.Add(new() { Value = mailFroms });
        insert.Parameters.Add(new() { Value = recipients });
        insert.Parameters.Add(new() { Value = contents });
        insert.Parameters.Add(new() { Value = correlations, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        insert.Parameters.Add(new() { Value = notBefore, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.TimestampTz });
        insert.Parameters.Add(new() { Value = bulk });
        var result = new List<Guid>(n);
        await using (var reader = await insert.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                result.Add(reader.GetGuid(0));
        }
        if (result.Count != n)
            throw new InvalidOperationException($"The outbox returned {result.Count} ids for {n} messages.");
        foreach (var message in messages)
        {
            foreach (var observer in observers)
                observer.Enqueued(message);
        }
        signal.Pulse();
        return result;
    }

    public async Task<bool> WithdrawAsync(NpgsqlTransaction transaction, Guid outboundId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        // A worker sending the row holds its lock: this waits for that commit, then finds the row no longer queued. Only a
        // row never tried and not yet due (by the database's clock, which the workers claim by) is withdrawn.
        await using var withdraw = new NpgsqlCommand("""
            UPDATE channels.outbox SET state = 'withdrawn', finished_at = now()
            WHERE id = $1 AND state = 'queued' AND attempts = 0 AND next_attempt_at > now()
            """, transaction.Connection, transaction);
        withdraw.Parameters.Add(new() { Value = outboundId });
        return await withdraw.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Message-IDs are kept as the parser reads them: without angle brackets.</summary>
    internal static string NormalizeMessageId(string messageId) => messageId.Trim().TrimStart('<').TrimEnd('>');
}
