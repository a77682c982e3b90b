using MailHub.Conversations.Contracts;
using MailHub.Core.EventSourcing;
using MailHub.Routing.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace MailHub.Conversations.Domain;

/// <summary>A customer's message (or an automatic one) joined the conversation.</summary>
internal sealed record MessageAppended(
    Guid ConversationId, Guid MessageId, Guid? InboundMessageId, string? RfcMessageId, string FromAddress, string? FromName,
    string? Subject, bool Automatic, string? AutomaticReason, DateTimeOffset At);

internal sealed record NoteAdded(Guid ConversationId, Guid NoteId, string Text, Guid By, string ByName, DateTimeOffset At);

/// <summary>An agent's reply, written and handed to the outbox in the same transaction.</summary>
internal sealed record ReplyComposed(
    Guid ConversationId, Guid MessageId, Guid OutboundId, string RfcMessageId, string From, IReadOnlyList<string> To,
    IReadOnlyList<string> Cc, IReadOnlyList<string> Bcc, string Subject, string? InReplyTo, int AttachmentCount,
    Guid By, string ByName, DateTimeOffset At);

/// <summary>The agent undid the reply within its undo window: the outbox will not send it; it went back to their draft.</summary>
internal sealed record ReplyWithdrawn(Guid ConversationId, Guid MessageId, Guid OutboundId, Guid By, string ByName, DateTimeOffset At);

/// <summary>The outbox delivered the reply, gave up on it, or a bounce reported it failed.</summary>
internal sealed record ReplyDeliveryChanged(Guid ConversationId, Guid MessageId, string State, string? Detail, string Source, DateTimeOffset At);

/// <summary>Open ⇄ pending (closing and reopening are the integration events of the contracts).</summary>
internal sealed record StatusChanged(Guid ConversationId, string Status, Guid? By, DateTimeOffset At);

/// <summary>An agent set the conversation's tags (the whole list, as it is now).</summary>
internal sealed record TagsChanged(Guid ConversationId, IReadOnlyList<string> Tags, Guid By, string ByName, DateTimeOffset At);

/// <summary>An agent set the conversation's priority (low, normal, high, urgent).</summary>
internal sealed record PriorityChanged(Guid ConversationId, string Priority, Guid By, string ByName, DateTimeOffset At);

/// <summary>Put aside until <paramref name="Until"/>: status snoozed, back to open then or when the customer writes.</summary>
internal sealed record ConversationSnoozed(Guid ConversationId, DateTimeOffset Until, Guid By, string ByName, DateTimeOffset At);

/// <summary>A snoozed conversation is open again: its time came (<see cref="SnoozeWake.Due"/>) or the customer wrote.</summary>
internal sealed record SnoozeEnded(Guid ConversationId, string Reason, DateTimeOffset At);

/// <summary>
/// This conversation was merged into <paramref name="Into"/> (same customer): its messages show in that one's thread and
/// mail to it threads there. Appended after the <see cref="ConversationClosed"/> that closes it.
/// </summary>
internal sealed record ConversationMerged(Guid ConversationId, Guid Into, long IntoNumber, Guid By, string ByName, DateTimeOffset At);

/// <summary>Stored type names of the conversation stream's events, lifecycle ones (from the contracts) included.</summary>
internal static class EventTypes
{
    public const string MessageAppended = "conversations.message-appended";
    public const string NoteAdded = "conversations.note-added";
    public const string ReplyComposed = "conversations.reply-composed";
    public const string ReplyDeliveryChanged = "conversations.reply-delivery-changed";
    public const string ReplyWithdrawn = "conversations.reply-withdrawn";
    public const string StatusChanged = "conversations.status-changed";
    public const string TagsChanged = "conversations.tags-changed";
    public const string PriorityChanged = "conversations.priority-changed";
    public const string Snoozed = "conversations.snoozed";
    public const string SnoozeEnded = "conversations.snooze-ended";
    public const string Merged = "conversations.merged";

    public static IServiceCollection AddConversationEventTypes(this IServiceCollection services) => services
        .AddEventType<ConversationOpened>(ConversationEvents.Opened)
        .AddEventType<ConversationClosed>(ConversationEvents.Closed)
        .AddEventType<ConversationReopened>(ConversationEvents.Reopened)
        .AddEventType<Domain.MessageAppended>(MessageAppended)
        .AddEventType<Domain.NoteAdded>(NoteAdded)
        .AddEventType<Domain.ReplyComposed>(ReplyComposed)
        .AddEventType<Domain.ReplyDeliveryChanged>(ReplyDeliveryChanged)
        .AddEventType<Domain.ReplyWithdrawn>(ReplyWithdrawn)
        .AddEventType<Domain.StatusChanged>(StatusChanged)
        .AddEventType<Domain.TagsChanged>(TagsChanged)
        .AddEventType<Domain.PriorityChanged>(PriorityChanged)
        .AddEventType<ConversationSnoozed>(Snoozed)
        .AddEventType<Domain.SnoozeEnded>(SnoozeEnded)
        .AddEventType<ConversationMerged>(Merged)
        // Routing's, which the read model and its rebuild read too (mapped by Routing under the same name).
        .AddEventType<ConversationAssigned>(RoutingEvents.Assigned);
}
