namespace MailHub.Routing.Rules;

/// <summary>How a team hands a conversation to one of its agents.</summary>
internal static class RoutingStrategy
{
    /// <summary>Agents take turns, skipping those offline, away or full.</summary>
    public const string RoundRobin = "round-robin";

    /// <summary>The available agent with the fewest open conversations.</summary>
    public const string LeastOpen = "least-open";

    /// <summary>The conversation waits in the team's queue until someone assigns it.</summary>
    public const string Manual = "manual";

    public static bool IsKnown(string strategy) => strategy is RoundRobin or LeastOpen or Manual;
}

/// <summary>The priorities a rule may set on what it catches (Conversations' own: the list filters by them).</summary>
internal static class RulePriority
{
    public static readonly IReadOnlyList<string> All = ["low", "normal", "high", "urgent"];

    public static bool IsKnown(string priority) => All.Contains(priority);
}

/// <summary>
/// A rule: when its conditions match a new conversation, it goes to a team or an agent, with the tags and priority the
/// rule adds. <see cref="Strategy"/> null: the team's own (<see cref="Teams.TeamSettings"/>).
/// </summary>
internal sealed record RoutingRule(
    Guid Id, string Name, int Order, RuleConditions Conditions, Guid? TeamId, Guid? AgentId, string? Strategy, bool Enabled,
    IReadOnlyList<string> Tags, string? Priority)
{
    public bool Organizes => Tags.Count > 0 || Priority is not null;
}

/// <summary>What rules look at in a conversation.</summary>
internal sealed record ConversationFacts(Guid MailboxId, string SenderAddress, string Subject, string? Text, string? Language);
