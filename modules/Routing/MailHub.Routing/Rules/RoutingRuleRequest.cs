using FastEndpoints;
using FluentValidation;

namespace MailHub.Routing.Rules;

/// <summary>Where a rule sends what it catches: a team (a directory department) or one agent (a member), not both.</summary>
internal sealed record RoutingRuleTarget(Guid? TeamId, Guid? AgentId);

/// <summary>
/// A rule as an admin or supervisor writes it (POST /api/routing/rules, and PUT /api/routing/rules/{id} for the rule that
/// replaces it). Left out: order 100, no conditions (the rule matches every conversation), the team's strategy, enabled,
/// no tags, priority unchanged.
/// </summary>
internal sealed record RoutingRuleRequest(string Name, int? Order, RuleConditions? Conditions, RoutingRuleTarget AssignTo, string? Strategy, bool? Enabled,
    IReadOnlyList<string>? Tags = null, string? Priority = null)
{
    public const int MaxNameLength = 200;
    public const int MaxTags = 20;
    public const int MaxTagLength = 40;
}

/// <summary>The rule's shape; whether its team or agent exists is the endpoint's check (the directory's state).</summary>
internal sealed class RoutingRuleRequestValidator : Validator<RoutingRuleRequest>
{
    public RoutingRuleRequestValidator()
    {
        RuleFor(r => r.Name)
            .Must(name => !string.IsNullOrWhiteSpace(name))
            .WithMessage("Give the rule a name that says what it catches, e.g. \"Refunds to 售后\".")
            .MaximumLength(RoutingRuleRequest.MaxNameLength)
            .WithMessage($"Keep the rule's name to {RoutingRuleRequest.MaxNameLength} characters.");
        RuleFor(r => r.Strategy)
            .Must(strategy => RoutingStrategy.IsKnown(strategy!.Trim()))
            .When(r => r.Strategy is not null)
            .WithMessage(r => $"Unknown strategy '{r.Strategy!.Trim()}': use \"{RoutingStrategy.RoundRobin}\", \"{RoutingStrategy.LeastOpen}\" or \"{RoutingStrategy.Manual}\".");
        RuleFor(r => r.Tags)
            .Must(tags => tags!.Count <= RoutingRuleRequest.MaxTags && tags.All(t => !string.IsNullOrWhiteSpace(t) && t.Trim().Length <= RoutingRuleRequest.MaxTagLength))
            .When(r => r.Tags is not null)
            .WithMessage($"A rule adds at most {RoutingRuleRequest.MaxTags} tags, each 1 to {RoutingRuleRequest.MaxTagLength} characters.");
        RuleFor(r => r.Priority)
            .Must(priority => RulePriority.IsKnown(priority!.Trim().ToLowerInvariant()))
            .When(r => r.Priority is not null)
            .WithMessage("The priority a rule sets is low, normal, high or urgent (or none, to leave it).");
        RuleFor(r => r.AssignTo)
            .Must(target => target is not null && (target.TeamId is null) != (target.AgentId is null))
            .WithMessage("Say where matching conversations go: {\"teamId\": ...} for a team or {\"agentId\": ...} for one agent, not both.");
    }
}
