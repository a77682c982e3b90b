using MailHub.Conversations.Contracts;
using Microsoft.Extensions.Options;

namespace MailHub.Conversations.Domain;

/// <summary>
/// Commands on an existing conversation besides answering it: notes and status changes by agents, inbound mail
/// appended, delivery results of replies. The conversation's grain (<see cref="ConversationGrain"/>) calls them.
/// </summary>
internal sealed class ConversationCommands(ConversationWriter writer, IOptions<ConversationsOptions> options, TimeProvider clock)
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
            await MessageRows.InsertAsync(transaction, note, ct);
            return new Decision<Guid>([new NoteAdded(conversationId, note.Id, text, actor.Id, actor.Name, now)], note.Id);
        }, cancellationToken);

    /// <summary>Moves the conversation to <paramref name="status"/>; nothing happens when it is there already.</summary>
    public Task<string> SetStatusAsync(Guid conversationId, string status, Actor actor, CancellationToken cancellationToken) =>
        writer.ExecuteAsync(conversationId, (conversation, _, _) =>
        {
            EnsureExists(conversation, conversationId);
            if (conversation.Status == status)
                return Task.FromResult(new Decision<string>([], status));
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
            return Task.FromResult(new Decision<string>(changes, status));
        }, cancellationToken);

    /// <summary>
    /// Appends a customer's (or an automatic) message, reopening the conversation if it was closed; false when it
    /// was closed too long ago and the mail must open a new conversation instead.
    /// </summary>
    public Task<bool> AppendInboundAsync(Guid conversationId, MessageRow row, string? automaticReason, CancellationToken cancellationToken) =>
        writer.ExecuteAsync(conversationId, async (conversation, transaction, ct) =>
        {
            var now = clock.GetUtcNow();
            var reopen = conversation.Status == ConversationStatus.Closed && !row.Automatic;
            if (reopen && conversation.ClosedAt < now.AddDays(-options.Value.ReopenWithinDays))
                return new Decision<bool>([], false);
            var changes = new List<object>();
            if (reopen)
                changes.Add(new ConversationReopened(conversationId, null, now));
            var stored = row with { ConversationId = conversationId };
            changes.Add(Appended(stored, automaticReason, now));
            await MessageRows.InsertAsync(transaction, stored, ct);
            return new Decision<bool>(changes, true);
        }, cancellationToken);

    /// <summary>
    /// Sets a reply's delivery state (the outbox's result, or a bounce's "failed"); false when nothing changed. A bounce's
    /// "failed" outranks a later "sent" (the relay accepted it, then the recipient's server refused).
    /// </summary>
    public Task<bool> SetDeliveryAsync(Guid conversationId, DeliveryChange change, CancellationToken cancellationToken) =>
        writer.ExecuteAsync(conversationId, (conversation, _, _) =>
        {
            var current = conversation.Replies.GetValueOrDefault(change.MessageId);
            if (current == change.State || current is DeliveryState.Failed or DeliveryState.Withdrawn)
                return Task.FromResult(new Decision<bool>([], false));
            return Task.FromResult(new Decision<bool>(
                [new ReplyDeliveryChanged(conversationId, change.MessageId, change.State, change.Detail, change.Source, change.At.ToUniversalTime())], true));
        }, cancellationToken);

    public static MessageAppended Appended(MessageRow row, string? automaticReason, DateTimeOffset at) =>
        new(row.ConversationId, row.Id, row.InboundMessageId, row.RfcMessageId, row.FromAddress ?? "", row.FromName, row.Subject,
            row.Automatic, automaticReason, at);

    public static void EnsureExists(Conversation conversation, Guid conversationId)
    {
        if (!conversation.Exists)
            throw new ConversationNotFoundException(conversationId);
    }
}

/// <summary>A reply's new delivery state, and who reported it (the outbox, a bounce).</summary>
[GenerateSerializer, Alias("MailHub.Conversations.Domain.DeliveryChange")]
internal sealed record DeliveryChange(
    [property: Id(0)] Guid MessageId,
    [property: Id(1)] string State,
    [property: Id(2)] string? Detail,
    [property: Id(3)] string Source,
    [property: Id(4)] DateTimeOffset At);

[GenerateSerializer, Alias("MailHub.Conversations.Domain.ConversationNotFoundException")]
internal sealed class ConversationNotFoundException(Guid conversationId)
    : Exception($"There is no conversation {conversationId}.");
