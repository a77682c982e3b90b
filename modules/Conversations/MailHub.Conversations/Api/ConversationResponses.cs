using System.Text.Json.Serialization;

namespace MailHub.Conversations.Api;

/// <summary>One page of GET /api/conversations; <see cref="Next"/> is the cursor of the next page, null on the last.</summary>
internal sealed record ConversationListResponse(IReadOnlyList<ConversationSummary> Items, string? Next);

/// <summary>
/// A conversation as the list shows it. Status is open, pending, snoozed (until <see cref="SnoozedUntil"/>) or closed
/// (<see cref="MergedInto"/>: merged into that conversation); <see cref="WaitingSince"/> is the customer's oldest
/// unanswered message (null when we answered last, or it is closed). <see cref="Preview"/> is the start of the latest
/// mail's text (white space collapsed, at most 200 characters; notes never), null before any.
/// </summary>
internal sealed record ConversationSummary(
    Guid Id,
    long Number,
    string Subject,
    string Status,
    Guid MailboxId,
    ConversationCustomer Customer,
    ConversationAssignee? Assignee,
    ConversationTeam? Team,
    Guid? AssigneeId,
    Guid? TeamId,
    DateTimeOffset LastMessageAt,
    int MessageCount,
    DateTimeOffset? ClosedAt,
    IReadOnlyList<string> Tags,
    ConversationPriority Priority,
    DateTimeOffset? SnoozedUntil,
    DateTimeOffset? WaitingSince,
    Guid? MergedInto,
    string? Preview);

/// <summary>A conversation (the list's fields) with its messages, oldest first, those merged in from other conversations included, and its history.</summary>
internal sealed record ConversationResponse(
    Guid Id,
    long Number,
    string Subject,
    string Status,
    Guid MailboxId,
    ConversationCustomer Customer,
    ConversationAssignee? Assignee,
    ConversationTeam? Team,
    Guid? AssigneeId,
    Guid? TeamId,
    DateTimeOffset LastMessageAt,
    int MessageCount,
    DateTimeOffset? ClosedAt,
    IReadOnlyList<string> Tags,
    ConversationPriority Priority,
    DateTimeOffset? SnoozedUntil,
    DateTimeOffset? WaitingSince,
    Guid? MergedInto,
    string? Preview,
    IReadOnlyList<ConversationMessage> Messages,
    IReadOnlyList<ConversationHistoryEntry> History);

/// <summary>How urgent a conversation is.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ConversationPriority>))]
internal enum ConversationPriority
{
    [JsonStringEnumMemberName("low")] Low,
    [JsonStringEnumMemberName("normal")] Normal,
    [JsonStringEnumMemberName("high")] High,
    [JsonStringEnumMemberName("urgent")] Urgent,
}

/// <summary>The customer who wrote in.</summary>
internal sealed record ConversationCustomer(Guid Id, string Name, string Email);

/// <summary>The agent the conversation is assigned to.</summary>
internal sealed record ConversationAssignee(Guid Id, string? Name);

/// <summary>The team (department) whose queue the conversation is in.</summary>
internal sealed record ConversationTeam(Guid Id, string? Name);

/// <summary>
/// One message: inbound (the customer's), outbound (a reply) or note (internal). <see cref="Html"/> is sanitized;
/// <see cref="RawUrl"/> downloads the message as received or sent (null for notes).
/// </summary>
internal sealed record ConversationMessage(
    Guid Id,
    string Direction,
    string? From,
    string? To,
    string? Cc,
    string? Subject,
    string? Text,
    string? Html,
    bool RemoteImagesBlocked,
    string? MessageId,
    DateTimeOffset Date,
    bool Automatic,
    MessageDelivery? Delivery,
    IReadOnlyList<MessageAttachment> Attachments,
    string? RawUrl);

/// <summary>A reply's delivery: queued, sent or failed, with the server's diagnostic when it failed.</summary>
internal sealed record MessageDelivery(string State, string? Detail);

/// <summary>An attachment of a message; <see cref="Url"/> downloads it.</summary>
internal sealed record MessageAttachment(string FileName, string ContentType, long Size, string Url, bool Inline);

/// <summary>One change of the conversation: who (an agent, the customer's address, "routing", "system") did what, when.</summary>
internal sealed record ConversationHistoryEntry(DateTimeOffset At, string Actor, string Action, string? Detail);
