using MailHub.Conversations.Contracts;
using MailHub.Conversations.Live;
using MailHub.Conversations.Notes;
using MailHub.Core.Live;
using MailHub.Routing.Contracts;
using Microsoft.Extensions.Options;

namespace MailHub.Conversations.Domain;

/// <summary>
/// Commands on an existing conversation besides answering it: notes and status changes by agents, inbound mail
/// appended, delivery results of replies. The conversation's grain (<see cref="ConversationGrain"/>) calls them.
/// </summary>
internal sealed class ConversationCommands(
    ConversationWriter writer, NoteMentions mentions, BouncedReplies bounces, IOptions<ConversationsOptions> options, TimeProvider clock,
    LivePublisher live)
{
    /// <summary>Adds an internal note; the members it mentions (@account, @name) are told.</summary>
    public async Task<Guid> AddNoteAsync(Guid conversationId, string text, Actor actor, CancellationToken cancellationToken)
    {
        IReadOnlyList<AgentNotification> told = [];
        var noteId = await writer.ExecuteAsync(conversationId, async (conversation, transaction, ct) =>
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
            told = await mentions.RecordAsync(transaction, conversationId, text, actor.Id, actor.Name, now, ct);
            return new Decision<Guid>([new NoteAdded(conversationId, note.Id, text, actor.Id, actor.Name, now)], note.Id);
        }, cancellationToken);
        mentions.Publish(told);
        return noteId;
    }

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
            else if (conversation.Status == ConversationStatus.Snoozed && !row.Automatic)
                changes.Add(new SnoozeEnded(conversationId, SnoozeWake.Customer, now)); // the customer wrote: no more waiting for the time
            var stored = row with { ConversationId = conversationId };
            changes.Add(Appended(stored, automaticReason, now));
            await MessageRows.InsertAsync(transaction, stored, ct);
            return new Decision<bool>(changes, true);
        }, cancellationToken);

    /// <summary>
    /// Sets a reply's delivery state (the outbox's result, or a bounce's "failed"); false when nothing changed. A bounce's
    /// "failed" outranks a later "sent" (the relay accepted it, then the recipient's server refused).
    /// </summary>
    public async Task<bool> SetDeliveryAsync(Guid conversationId, DeliveryChange change, CancellationToken cancellationToken)
    {
        AgentNotification? told = null;
        var changed = await writer.ExecuteAsync(conversationId, async (conversation, transaction, ct) =>
        {
            told = null;
            var current = conversation.Replies.GetValueOrDefault(change.MessageId);
            if (current == change.State || current is DeliveryState.Failed or DeliveryState.Withdrawn)
                return new Decision<bool>([], false);
            // Its author hears of a failure (once: a failed reply stays failed).
            if (change.State == DeliveryState.Failed)
                told = await bounces.RecordAsync(transaction, conversationId, change, ct);
            return new Decision<bool>(
                [new ReplyDeliveryChanged(conversationId, change.MessageId, change.State, change.Detail, change.Source, change.At.ToUniversalTime())], true);
        }, cancellationToken);
        bounces.Publish(told);
        return changed;
    }

    /// <summary>Sets the tags (the whole list); nothing happens when they are those already.</summary>
    public Task<IReadOnlyList<string>> SetTagsAsync(Guid conversationId, IReadOnlyList<string> tags, bool add, Actor actor,
        CancellationToken cancellationToken) =>
        writer.ExecuteAsync(conversationId, (conversation, _, _) =>
        {
            EnsureExists(conversation, conversationId);
            IReadOnlyList<string> now = ConversationTags.Normalize(add ? [.. conversation.Tags, .. tags] : tags);
            if (now.Count > ConversationTags.MaxCount)
                throw new ArgumentException($"A conversation has at most {ConversationTags.MaxCount} tags: remove some first.");
            if (now.SequenceEqual(conversation.Tags, StringComparer.Ordinal))
                return Task.FromResult(new Decision<IReadOnlyList<string>>([], now));
            return Task.FromResult(new Decision<IReadOnlyList<string>>(
                [new TagsChanged(conversationId, now, actor.Id, actor.Name, clock.GetUtcNow())], now));
        }, cancellationToken);

    public Task<string> SetPriorityAsync(Guid conversationId, string priority, Actor actor, CancellationToken cancellationToken) =>
        writer.ExecuteAsync(conversationId, (conversation, _, _) =>
        {
            EnsureExists(conversation, conversationId);
            if (conversation.Priority == priority)
                return Task.FromResult(new Decision<string>([], priority));
            return Task.FromResult(new Decision<string>(
                [new PriorityChanged(conversationId, priority, actor.Id, actor.Name, clock.GetUtcNow())], priority));
        }, cancellationToken);

    /// <summary>Snoozes until <paramref name="until"/> (again, if it was snoozed); a closed or merged conversation cannot be.</summary>
    public Task<DateTimeOffset> SnoozeAsync(Guid conversationId, DateTimeOffset until, Actor actor, CancellationToken cancellationToken) =>
        writer.ExecuteAsync(conversationId, (conversation, _, _) =>
        {
            EnsureExists(conversation, conversationId);
            var now = clock.GetUtcNow();
            if (until <= now)
                throw new ArgumentException($"Snooze until a time still to come (it is {now:u} now).");
            if (conversation.Status == ConversationStatus.Closed)
                throw new InvalidOperationException($"Conversation {conversationId} is closed: reopen it before snoozing it.");
            until = until.ToUniversalTime();
            return Task.FromResult(new Decision<DateTimeOffset>([new ConversationSnoozed(conversationId, until, actor.Id, actor.Name, now)], until));
        }, cancellationToken);

    /// <summary>Opens a snoozed conversation whose time has come; false when it is not (any more) snoozed or not due yet.</summary>
    public Task<bool> WakeAsync(Guid conversationId, CancellationToken cancellationToken) =>
        writer.ExecuteAsync(conversationId, (conversation, _, _) =>
        {
            var now = clock.GetUtcNow();
            if (conversation.Status != ConversationStatus.Snoozed || conversation.SnoozedUntil > now)
                return Task.FromResult(new Decision<bool>([], false));
            return Task.FromResult(new Decision<bool>([new SnoozeEnded(conversationId, SnoozeWake.Due, now)], true));
        }, cancellationToken);

    /// <summary>
    /// Merges this conversation into <paramref name="into"/>, a conversation of the same customer: this one closes as merged
    /// (its messages then show in the other's thread, and mail to it threads there). Refused for another customer's
    /// conversation, itself, one merged already, or a closed target.
    /// </summary>
    public async Task<Guid> MergeAsync(Guid conversationId, Guid into, Actor actor, CancellationToken cancellationToken)
    {
        var merged = await writer.ExecuteAsync(conversationId, async (conversation, _, ct) =>
        {
            EnsureExists(conversation, conversationId);
            if (into == conversationId)
                throw new ArgumentException("A conversation cannot be merged into itself: pick the other conversation of this customer.");
            var target = await writer.LoadAsync(into, ct);
            if (!target.Exists)
                throw new ArgumentException($"There is no conversation {into}.");
            if (conversation.MergedInto is { } already)
                throw new InvalidOperationException($"Conversation {conversationId} was merged into {already} already.");
            if (target.MergedInto is { } survivor)
                throw new InvalidOperationException($"Conversation {into} was merged into {survivor}: merge into that one instead.");
            if (target.CustomerId != conversation.CustomerId)
                throw new InvalidOperationException(
                    $"Conversation {into} is another customer's: only conversations of the same customer merge. Merge the customers first "
                    + "(POST /api/directory/customers/{id}/merge) if they are one person.");
            if (target.Status == ConversationStatus.Closed)
                throw new InvalidOperationException($"Conversation {into} is closed: reopen it first, or merge it into this one.");
            var now = clock.GetUtcNow();
            List<object> changes = [];
            if (conversation.Status != ConversationStatus.Closed)
                changes.Add(new ConversationClosed(conversationId, actor.Id, now));
            changes.Add(new ConversationMerged(conversationId, into, target.Number, actor.Id, actor.Name, now));
            return new Decision<Guid>(changes, into);
        }, cancellationToken);
        // The target's list row changed in the same transaction (count, activity, waiting): its consoles re-read it.
        live.Publish(ConversationChange.Of(into, "merged"));
        return merged;
    }

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
