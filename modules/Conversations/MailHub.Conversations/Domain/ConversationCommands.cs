using MailHub.Conversations.Contracts;

namespace MailHub.Conversations.Domain;

/// <summary>What an agent does to a conversation besides answering it: notes and status changes.</summary>
internal sealed class ConversationCommands(ConversationWriter writer, TimeProvider clock)
{
    public Task<Guid> AddNoteAsync(Guid conversationId, string text, Actor actor, CancellationToken cancellationToken) =>
        writer.ExecuteAsync(conversationId, async (conversation, transaction, ct) =>
        {
            EnsureExists(conversation, conversationId);
            var now = clock.GetUtcNow();
            var note = new MessageRow(Guid.CreateVersion7(), conversationId, conversation.MailboxId, Direction.Note, now)
            {
                FromName = actor.Name,
                Text = text,
                AuthorId = actor.Id,
            };
            await ReadModel.InsertMessageAsync(transaction, note, ct);
            return new Decision<Guid>([new NoteAdded(conversationId, note.Id, text, actor.Id, actor.Name, now)], note.Id);
        }, cancellationToken);

    /// <summary>Moves the conversation to <paramref name="status"/>; nothing happens when it is there already.</summary>
    public Task<string> SetStatusAsync(Guid conversationId, string status, Actor actor, CancellationToken cancellationToken) =>
        writer.ExecuteAsync(conversationId, async (conversation, transaction, ct) =>
        {
            EnsureExists(conversation, conversationId);
            if (conversation.Status == status)
                return new Decision<string>([], status);
            var now = clock.GetUtcNow();
            object change = (conversation.Status, status) switch
            {
                (_, ConversationStatus.Closed) => new ConversationClosed(conversationId, actor.Id, now),
                (ConversationStatus.Closed, _) => new ConversationReopened(conversationId, actor.Id, now),
                _ => new StatusChanged(conversationId, status, actor.Id, now),
            };
            List<object> changes = [change];
            // Closed → pending is a reopening that leaves the conversation waiting on the customer.
            if (conversation.Status == ConversationStatus.Closed && status == ConversationStatus.Pending)
                changes.Add(new StatusChanged(conversationId, status, actor.Id, now));
            await ReadModel.SetStatusAsync(transaction, conversationId, status, now, ct);
            return new Decision<string>(changes, status);
        }, cancellationToken);

    public static void EnsureExists(Conversation conversation, Guid conversationId)
    {
        if (!conversation.Exists)
            throw new ConversationNotFoundException(conversationId);
    }
}

internal sealed class ConversationNotFoundException(Guid conversationId)
    : Exception($"There is no conversation {conversationId}.");
