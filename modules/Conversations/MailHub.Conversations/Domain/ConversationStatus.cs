namespace MailHub.Conversations.Domain;

internal static class ConversationStatus
{
    public const string Open = "open";
    public const string Pending = "pending";
    public const string Closed = "closed";

    public static bool IsKnown(string? status) => status is Open or Pending or Closed;
}

/// <summary>Where a message of a conversation came from.</summary>
internal static class Direction
{
    public const string Inbound = "inbound";
    public const string Outbound = "outbound";
    public const string Note = "note";
}

/// <summary>Delivery states of a reply, as the console shows them.</summary>
internal static class DeliveryState
{
    public const string Queued = "queued";
    public const string Sent = "sent";
    public const string Failed = "failed";

    /// <summary>Undone by its agent within the undo window: never sent, no longer shown.</summary>
    public const string Withdrawn = "withdrawn";
}
