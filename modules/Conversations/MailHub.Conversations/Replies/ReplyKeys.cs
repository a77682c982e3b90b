using Npgsql;

namespace MailHub.Conversations.Replies;

/// <summary>
/// Idempotency-Keys of replies (conversations.reply_keys), per agent: written in the transaction that records the reply,
/// so a retry after a lost answer finds the reply it already made, and nothing is sent twice.
/// </summary>
internal static class ReplyKeys
{
    /// <summary>The first reply made with this key: its conversation, message and undo window's end.</summary>
    public static async Task<(Guid ConversationId, Guid MessageId, DateTimeOffset UndoUntil)?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid agentId,
        string key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT k.conversation_id, k.message_id, coalesce(m.undo_until, m.sent_at)
            FROM conversations.reply_keys AS k JOIN conversations.messages AS m ON m.id = k.message_id
            WHERE k.agent_id = $1 AND k.key = $2
            """, connection, transaction);
        command.Parameters.Add(new() { Value = agentId });
        command.Parameters.Add(new() { Value = key });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (reader.GetGuid(0), reader.GetGuid(1), reader.GetFieldValue<DateTimeOffset>(2))
            : null;
    }

    public static async Task AddAsync(NpgsqlTransaction transaction, Guid agentId, string key, Guid conversationId, Guid messageId,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO conversations.reply_keys (agent_id, key, conversation_id, message_id) VALUES ($1, $2, $3, $4)",
            transaction.Connection, transaction);
        command.Parameters.Add(new() { Value = agentId });
        command.Parameters.Add(new() { Value = key });
        command.Parameters.Add(new() { Value = conversationId });
        command.Parameters.Add(new() { Value = messageId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
