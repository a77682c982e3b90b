using JasperFx.Events;
using MailHub.Conversations.Contracts;
using MailHub.Core.EventSourcing;
using Npgsql;

namespace MailHub.People.Customers;

/// <summary>
/// Keeps <c>directory.customer_conversations</c> from the Conversations module's lifecycle events.
/// Idempotent: an opened conversation is inserted once, and closing or reopening sets a state.
/// </summary>
internal sealed class CustomerConversationsProjection(NpgsqlDataSource dataSource) : IEventHandler
{
    public const string SubscriptionName = "directory.customer-conversations";

    public static readonly Type[] HandledTypes = [typeof(ConversationOpened), typeof(ConversationClosed), typeof(ConversationReopened)];

    public async Task HandleAsync(IEvent recorded, CancellationToken cancellationToken)
    {
        await using var command = recorded.Data switch
        {
            ConversationOpened opened => Insert(opened),
            ConversationClosed closed => SetState(closed.ConversationId, "closed"),
            ConversationReopened reopened => SetState(reopened.ConversationId, "open"),
            _ => null,
        };
        if (command is not null)
            await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private NpgsqlCommand Insert(ConversationOpened opened)
    {
        // Recorded under the survivor when the customer was merged before the conversation arrived. The customer's
        // count and latest conversation (which rank address suggestions) move only when the row is new.
        var command = dataSource.CreateCommand("""
            WITH inserted AS (
                INSERT INTO directory.customer_conversations (conversation_id, customer_id, number, mailbox_id, subject, opened_at)
                VALUES ($1, coalesce((SELECT coalesce(merged_into, id) FROM directory.customers WHERE id = $2), $2), $3, $4, $5, $6)
                ON CONFLICT (conversation_id) DO NOTHING
                RETURNING customer_id, opened_at)
            UPDATE directory.customers c
            SET last_conversation_at = greatest(c.last_conversation_at, i.opened_at), conversation_count = c.conversation_count + 1
            FROM inserted i WHERE c.id = i.customer_id
            """);
        command.Parameters.Add(new() { Value = opened.ConversationId });
        command.Parameters.Add(new() { Value = opened.CustomerId });
        command.Parameters.Add(new() { Value = opened.Number });
        command.Parameters.Add(new() { Value = opened.MailboxId });
        command.Parameters.Add(new() { Value = opened.Subject });
        command.Parameters.Add(new() { Value = opened.At });
        return command;
    }

    private NpgsqlCommand SetState(Guid conversationId, string state)
    {
        var command = dataSource.CreateCommand("UPDATE directory.customer_conversations SET state = $2 WHERE conversation_id = $1");
        command.Parameters.Add(new() { Value = conversationId });
        command.Parameters.Add(new() { Value = state });
        return command;
    }
}
