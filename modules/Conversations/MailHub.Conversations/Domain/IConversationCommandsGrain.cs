using MailHub.Conversations.Replies;

namespace MailHub.Conversations.Domain;

/// <summary>
/// The Conversations module's own commands on a conversation, served by the same grain as the contracts'
/// <see cref="Contracts.IConversationGrain"/> (key: the conversation id), so they take turns with its assignments.
/// A command, once the grain took it, runs to its end: a caller that stops waiting does not stop it.
/// </summary>
[Alias("MailHub.Conversations.Domain.IConversationCommandsGrain")]
internal interface IConversationCommandsGrain : IGrainWithGuidKey
{
    /// <summary>Writes the reply (or forward) and hands it to the outbox, which holds it for the undo window; its id and that window's end.</summary>
    [Alias("Reply")]
    Task<ReplyReceipt> ReplyAsync(ReplyRequest request, Actor actor);

    /// <summary>Takes back a reply within its undo window (never sent); the draft it came from, saved again.</summary>
    [Alias("UndoReply")]
    Task<Draft> UndoReplyAsync(Guid messageId, Actor actor);

    /// <summary>An internal note; its id.</summary>
    [Alias("AddNote")]
    Task<Guid> AddNoteAsync(string text, Actor actor);

    /// <summary>Open, pending or closed (closing and reopening included); the status now.</summary>
    [Alias("SetStatus")]
    Task<string> SetStatusAsync(string status, Actor actor);

    /// <summary>Threading found this conversation for an inbound message; false when it must open a new one instead.</summary>
    [Alias("AppendInbound")]
    Task<bool> AppendInboundAsync(MessageRow row, string? automaticReason);

    /// <summary>A reply's delivery result; false when it changed nothing.</summary>
    [Alias("SetDelivery")]
    Task<bool> SetDeliveryAsync(DeliveryChange change);

    /// <summary>Sets the tags (<paramref name="add"/>: adds them to those it has); the tags now.</summary>
    [Alias("SetTags")]
    Task<IReadOnlyList<string>> SetTagsAsync(IReadOnlyList<string> tags, bool add, Actor actor);

    /// <summary>Low, normal, high or urgent; the priority now.</summary>
    [Alias("SetPriority")]
    Task<string> SetPriorityAsync(string priority, Actor actor);

    /// <summary>Snoozed until the time given (UTC, as answered), then open again.</summary>
    [Alias("Snooze")]
    Task<DateTimeOffset> SnoozeAsync(DateTimeOffset until, Actor actor);

    /// <summary>The snooze alarm found it due: open again if it still sleeps and its time came.</summary>
    [Alias("Wake")]
    Task<bool> WakeAsync();

    /// <summary>Merges this conversation into another of the same customer and closes it; the survivor's id.</summary>
    [Alias("Merge")]
    Task<Guid> MergeAsync(Guid into, Actor actor);
}
