namespace MailHub.Conversations.Domain;

internal static class ConversationStatus
{
    public const string Open = "open";
    public const string Pending = "pending";
    public const string Closed = "closed";
    public const string Snoozed = "snoozed";

    public static bool IsKnown(string? status) => status is Open or Pending or Closed or Snoozed;
}

/// <summary>How urgent a conversation is; normal unless an agent said otherwise.</summary>
internal static class Priority
{
    public const string Low = "low";
    public const string Normal = "normal";
    public const string High = "high";
    public const string Urgent = "urgent";

    public static readonly string[] All = [Low, Normal, High, Urgent];

    public static bool IsKnown(string? priority) => priority is Low or Normal or High or Urgent;
}

/// <summary>Why a snoozed conversation woke (<see cref="SnoozeEnded.Reason"/>).</summary>
internal static class SnoozeWake
{
    public const string Due = "due";
    public const string Customer = "customer";
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
