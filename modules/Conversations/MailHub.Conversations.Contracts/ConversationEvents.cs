using System.Diagnostics.CodeAnalysis;
using MailHub.Core.Events;

namespace MailHub.Conversations.Contracts;

/// <summary>An integration event of a conversation's lifecycle, appended to <c>conversation-{id}</c>.</summary>
public interface IConversationEvent
{
    Guid ConversationId { get; }

    DateTimeOffset At { get; }
}

/// <summary>A new conversation: the first message from a customer that threads to no open conversation.</summary>
public sealed record ConversationOpened(
    Guid ConversationId,
    long Number,
    Guid MailboxId,
    Guid CustomerId,
    string SenderAddress,
    string Subject,
    string? TextSnippet,
    string? Language,
    DateTimeOffset At) : IConversationEvent;

/// <summary>Closed by an agent (<paramref name="By"/>) or by the system (null).</summary>
public sealed record ConversationClosed(Guid ConversationId, Guid? By, DateTimeOffset At) : IConversationEvent;

/// <summary>Opened again, by an agent or by a new message from the customer (null).</summary>
public sealed record ConversationReopened(Guid ConversationId, Guid? By, DateTimeOffset At) : IConversationEvent;

/// <summary>Type names, stream ids, and reading these events back from the event store.</summary>
public static class ConversationEvents
{
    public const string Opened = "ConversationOpened";
    public const string Closed = "ConversationClosed";
    public const string Reopened = "ConversationReopened";

    public const string StreamPrefix = "conversation-";

    public static string StreamOf(Guid conversationId) => StreamPrefix + conversationId.ToString("D");

    public static bool IsConversationEvent(RecordedEvent recorded) => recorded.Type is Opened or Closed or Reopened;

    /// <summary>The event as its record when it is one of the conversation lifecycle events.</summary>
    public static bool TryRead(RecordedEvent recorded, [NotNullWhen(true)] out IConversationEvent? conversationEvent)
    {
        conversationEvent = recorded.Type switch
        {
            Opened => recorded.As<ConversationOpened>(),
            Closed => recorded.As<ConversationClosed>(),
            Reopened => recorded.As<ConversationReopened>(),
            _ => null,
        };
        return conversationEvent is not null;
    }

    /// <summary>The event ready to append, under its type name.</summary>
    public static EventData ToEventData(IConversationEvent conversationEvent) => conversationEvent switch
    {
        ConversationOpened e => EventData.From(Opened, e),
        ConversationClosed e => EventData.From(Closed, e),
        ConversationReopened e => EventData.From(Reopened, e),
        _ => throw new ArgumentException($"Unknown conversation event {conversationEvent.GetType().Name}.", nameof(conversationEvent)),
    };
}
