using MailHub.Routing.Contracts;
using Npgsql;

namespace MailHub.Conversations.Domain;

/// <summary>
/// Tells an agent that a reply of theirs was not delivered (a bounce, or the outbox gave up): a "bounced" notification
/// with the reason, recorded in the transaction of the delivery change and pushed once it committed.
/// </summary>
internal sealed class BouncedReplies(IAgentNotifications notifications)
{
    public async Task<AgentNotification?> RecordAsync(NpgsqlTransaction transaction, Guid conversationId, DeliveryChange change,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT author_id FROM conversations.messages WHERE id = $1",
            transaction.Connection, transaction);
        command.Parameters.Add(new() { Value = change.MessageId });
        if (await command.ExecuteScalarAsync(cancellationToken) is not Guid author)
            return null; // no agent wrote it
        var notification = new AgentNotification(Guid.CreateVersion7(), author, NotificationKind.Bounced, conversationId, null, null,
            change.Detail, change.At.ToUniversalTime());
        await notifications.RecordAsync(transaction, notification, cancellationToken);
        return notification;
    }

    public void Publish(AgentNotification? told)
    {
        if (told is not null)
            notifications.Publish(told);
    }
}
