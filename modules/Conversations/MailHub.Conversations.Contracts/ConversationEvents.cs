namespace MailHub.Conversations.Contracts;

/// <summary>An integration event of a conversation's lifecycle, appended to <c>conversation-{id}</c>.</summary>
public interface IConversationEvent
{
    Guid ConversationId { get; }

    DateTimeOffset At { get; }
}

/// <summary>
/// A new conversation: the first message from a customer that threads to no open conversation. The customer's
/// name (as the directory has it) and the conversation's reply token (plus addressing) are what the conversation
/// list needs besides; events written before they were added got them from the list's rows on upgrade.
/// </summary>
public sealed record ConversationOpened(
    Guid ConversationId,
    long Number,
    Guid MailboxId,
    Guid CustomerId,
    string SenderAddress,
    string Subject,
    string? TextSnippet,
    string? Language,
    DateTimeOffset At,
    string? CustomerName = null,
    string? ReplyToken = null) : IConversationEvent;

/// <summary>Closed by an agent (<paramref name="By"/>) or by the system (null).</summary>
public sealed record ConversationClosed(Guid ConversationId, Guid? By, DateTimeOffset At) : IConversationEvent;

/// <summary>Opened again, by an agent or by a new message from the customer (null).</summary>
public sealed record ConversationReopened(Guid ConversationId, Guid? By, DateTimeOffset At) : IConversationEvent;

/// <summary>Stored type names and stream ids of these events.</summary>
public static class ConversationEvents
{
    public const string Opened = "ConversationOpened";
    public const string Closed = "ConversationClosed";
    public const string Reopened = "ConversationReopened";

    public const string StreamPrefix = "conversation-";

    public static string StreamOf(Guid conversationId) => StreamPrefix + conversationId.ToString("D");
}
