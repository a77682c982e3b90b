using System.Text.Json.Serialization;

namespace MailHub.Routing.Contracts;

/// <summary>Why a conversation got its assignee.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AssignmentKind>))]
public enum AssignmentKind
{
    /// <summary>Routing assigned it: a rule on arrival, or the team's queue once an agent was free.</summary>
    [JsonStringEnumMemberName("rule")] Rule,

    /// <summary>Someone assigned it by hand.</summary>
    [JsonStringEnumMemberName("manual")] Manual,

    /// <summary>An agent handed it over, usually with a note.</summary>
    [JsonStringEnumMemberName("transfer")] Transfer,

    /// <summary>Its agent went offline: it is back in the team's queue (no agent).</summary>
    [JsonStringEnumMemberName("requeue")] Requeue,
}

/// <summary>
/// The conversation's assignee changed. <see cref="AgentId"/> null with a <see cref="TeamId"/> means
/// it waits in that team's queue. Appended to <c>routing-{conversationId}</c>, one event per change.
/// </summary>
public sealed record ConversationAssigned(
    Guid ConversationId,
    Guid? TeamId,
    Guid? AgentId,
    string? AgentName,
    string? TeamName,
    Guid? By,
    string? Note,
    AssignmentKind Kind,
    DateTimeOffset At);

public static class RoutingEvents
{
    public const string Assigned = "ConversationAssigned";

    public const string StreamPrefix = "routing-";

    public static string StreamOf(Guid conversationId) => StreamPrefix + conversationId.ToString("D");
}
