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

/// <summary>A rule: when its conditions match a new conversation, it goes to a team or an agent.</summary>
internal sealed record RoutingRule(
    Guid Id, string Name, int Order, RuleConditions Conditions, Guid? TeamId, Guid? AgentId, string Strategy, bool Enabled);

/// <summary>What rules look at in a conversation.</summary>
internal sealed record ConversationFacts(Guid MailboxId, string SenderAddress, string Subject, string? Text, string? Language);
