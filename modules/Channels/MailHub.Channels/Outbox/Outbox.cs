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
                INSERT INTO channels.outbox (id, mailbox_id, message_id, mail_from, recipients, content, correlation_id, next_attempt_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, coalesce($8, now()))
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
        var id = (Guid)(await insert.ExecuteScalarAsync(cancellationToken))!;
        foreach (var observer in observers)
            observer.Enqueued(message);
        // Only a hint: the row is visible once the caller commits; the workers also poll.
        signal.Pulse();
        return id;
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
