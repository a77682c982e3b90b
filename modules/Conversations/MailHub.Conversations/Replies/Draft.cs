using System.Text.Json;
using Npgsql;

namespace MailHub.Conversations.Replies;

/// <summary>What the composer holds: reply, reply to all, forward or note, its recipients, body and uploaded files.</summary>
[GenerateSerializer, Alias("MailHub.Conversations.Replies.Draft")]
internal sealed record Draft(
    [property: Id(0)] string Mode,
    [property: Id(1)] IReadOnlyList<string> To,
    [property: Id(2)] IReadOnlyList<string> Cc,
    [property: Id(3)] IReadOnlyList<string> Bcc,
    [property: Id(4)] string? Text,
    [property: Id(5)] string? Html,
    [property: Id(6)] IReadOnlyList<Guid> Attachments,
    [property: Id(7)] Guid? ForwardMessageId)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}

internal static class DraftMode
{
    public const string Reply = "reply";
    public const string ReplyAll = "replyAll";
    public const string Forward = "forward";
    public const string Note = "note";

    public static readonly IReadOnlyList<string> All = [Reply, ReplyAll, Forward, Note];
}

/// <summary>A saved draft and when it was saved.</summary>
internal sealed record SavedDraft(Draft Draft, DateTimeOffset UpdatedAt);

/// <summary>Drafts (conversations.drafts): one per conversation and agent, saved as they type, gone when they send.</summary>
internal sealed class DraftStore(NpgsqlDataSource dataSource)
{
    public async Task<SavedDraft?> FindAsync(Guid conversationId, Guid agentId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT content::text, updated_at FROM conversations.drafts WHERE conversation_id = $1 AND agent_id = $2");
        command.Parameters.Add(new() { Value = conversationId });
        command.Parameters.Add(new() { Value = agentId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new SavedDraft(JsonSerializer.Deserialize<Draft>(reader.GetString(0), Draft.Json)!, reader.GetFieldValue<DateTimeOffset>(1))
            : null;
    }

    public async Task<DateTimeOffset> SaveAsync(Guid conversationId, Guid agentId, Draft draft, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var at = await SaveAsync(transaction, conversationId, agentId, draft, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return at;
    }

    public static async Task<DateTimeOffset> SaveAsync(NpgsqlTransaction transaction, Guid conversationId, Guid agentId, Draft draft,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO conversations.drafts (conversation_id, agent_id, content) VALUES ($1, $2, $3::jsonb)
            ON CONFLICT (conversation_id, agent_id) DO UPDATE SET content = excluded.content, updated_at = now()
            RETURNING updated_at
            """, transaction.Connection, transaction);
        command.Parameters.Add(new() { Value = conversationId });
        command.Parameters.Add(new() { Value = agentId });
        command.Parameters.Add(new() { Value = JsonSerializer.Serialize(draft, Draft.Json) });
        // timestamptz comes back as a UTC DateTime from ExecuteScalar.
        return new DateTimeOffset((DateTime)(await command.ExecuteScalarAsync(cancellationToken))!, TimeSpan.Zero);
    }

    public async Task<bool> DeleteAsync(Guid conversationId, Guid agentId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM conversations.drafts WHERE conversation_id = $1 AND agent_id = $2");
        command.Parameters.Add(new() { Value = conversationId });
        command.Parameters.Add(new() { Value = agentId });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>A sent reply takes the draft it came from with it, in the transaction that records the reply.</summary>
    public static async Task DeleteAsync(NpgsqlTransaction transaction, Guid conversationId, Guid agentId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("DELETE FROM conversations.drafts WHERE conversation_id = $1 AND agent_id = $2",
            transaction.Connection, transaction);
        command.Parameters.Add(new() { Value = conversationId });
        command.Parameters.Add(new() { Value = agentId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
