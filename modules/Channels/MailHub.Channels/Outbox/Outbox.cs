using MailHub.Channels.Contracts;
using Npgsql;

namespace MailHub.Channels.Outbox;

/// <summary>IOutbox: a row in channels.outbox with the whole content, before anything is sent.</summary>
internal sealed class Outbox(NpgsqlDataSource dataSource, OutboxSignal signal) : IOutbox
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
                INSERT INTO channels.outbox (id, mailbox_id, message_id, mail_from, recipients, content, correlation_id)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
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
        var id = (Guid)(await insert.ExecuteScalarAsync(cancellationToken))!;
        // Only a hint: the row is visible once the caller commits; the workers also poll.
        signal.Pulse();
        return id;
    }

    /// <summary>Message-IDs are kept as the parser reads them: without angle brackets.</summary>
    internal static string NormalizeMessageId(string messageId) => messageId.Trim().TrimStart('<').TrimEnd('>');
}
