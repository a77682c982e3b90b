using System.Text.Json;
using MailHub.Channels.Contracts;
using MailHub.Conversations.Domain;
using Npgsql;

namespace MailHub.Conversations.Replies;

/// <summary>
/// Undo send: within its undo window the agent who wrote a reply takes it back. The outbox row is withdrawn, the draft it
/// came from is saved again and ReplyWithdrawn appended, in one transaction: either the reply is withdrawn and its draft
/// back, or (the window over, a worker sending it) nothing changes and the undo is refused.
/// </summary>
internal sealed class ReplyUndo(ConversationWriter writer, IOutbox outbox, TimeProvider clock)
{
    public Task<Draft> UndoAsync(Guid conversationId, Guid messageId, Actor actor, CancellationToken cancellationToken) =>
        writer.ExecuteAsync(conversationId, async (conversation, transaction, ct) =>
        {
            ConversationCommands.EnsureExists(conversation, conversationId);
            var reply = await ReadAsync(transaction, conversationId, messageId, ct)
                ?? throw new ArgumentException($"There is no reply {messageId} in this conversation: only replies can be undone.");
            if (reply.AuthorId != actor.Id)
                throw new InvalidOperationException("Only the agent who sent a reply can undo it.");
            if (conversation.Replies.GetValueOrDefault(messageId) != DeliveryState.Queued || !await outbox.WithdrawAsync(transaction, reply.OutboundId, ct))
                throw new InvalidOperationException("Too late to undo: the reply's undo window is over and it is being sent, or was sent.");
            var draft = JsonSerializer.Deserialize<Draft>(reply.Composed, Draft.Json)!;
            await DraftStore.SaveAsync(transaction, conversationId, actor.Id, draft, ct);
            return new Decision<Draft>([new ReplyWithdrawn(conversationId, messageId, reply.OutboundId, actor.Id, actor.Name, clock.GetUtcNow())], draft);
        }, cancellationToken);

    private sealed record HeldReply(Guid? AuthorId, Guid OutboundId, string Composed);

    private static async Task<HeldReply?> ReadAsync(NpgsqlTransaction transaction, Guid conversationId, Guid messageId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT author_id, outbound_id, composed::text FROM conversations.messages
            WHERE id = $1 AND conversation_id = $2 AND direction = 'outbound' AND outbound_id IS NOT NULL AND composed IS NOT NULL
            """, transaction.Connection, transaction);
        command.Parameters.Add(new() { Value = messageId });
        command.Parameters.Add(new() { Value = conversationId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new HeldReply(reader.IsDBNull(0) ? null : reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2))
            : null;
    }
}
