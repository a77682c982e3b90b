namespace MailHub.Conversations.Api;

/// <summary>One page of GET /api/conversations; <see cref="Next"/> is the cursor of the next page, null on the last.</summary>
internal sealed record ConversationListResponse(IReadOnlyList<ConversationListItem> Items, string? Next);

/// <summary>A conversation as the list shows it.</summary>
internal sealed record ConversationListItem(
    Guid Id,
    long Number,
    string Subject,
    string Status,
    Guid MailboxId,
    ConversationCustomer Customer,
    ConversationAssignee? Assignee,
    ConversationTeam? Team,
    DateTimeOffset LastMessageAt,
    int MessageCount,
    DateTimeOffset? ClosedAt);

/// <summary>A conversation with its messages (oldest first) and its history.</summary>
internal sealed record ConversationDetailResponse(
    Guid Id,
    long Number,
    string Subject,
    string Status,
    Guid MailboxId,
    ConversationCustomer Customer,
    ConversationAssignee? Assignee,
    ConversationTeam? Team,
    DateTimeOffset LastMessageAt,
    int MessageCount,
    DateTimeOffset? ClosedAt,
    IReadOnlyList<ConversationMessage> Messages,
    IReadOnlyList<ConversationHistoryEntry> History);

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
