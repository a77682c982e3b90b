using FastEndpoints;
using FluentValidation;

namespace MailHub.Routing.Rules;

/// <summary>Where a rule sends what it catches: a team (a directory department) or one agent (a member), not both.</summary>
internal sealed record RoutingRuleTarget(Guid? TeamId, Guid? AgentId);

/// <summary>A rule as an admin writes it (POST /api/routing/rules; PUT adds the id from the route).</summary>
internal record RoutingRuleRequest
{
    /// <summary>What the rule catches, e.g. "Refunds to 售后".</summary>
    public string Name { get; init; } = "";

    /// <summary>Rules are tried by ascending order; 100 when left out.</summary>
    public int? Order { get; init; }

    /// <summary>What a new conversation must match; left out, the rule matches every conversation.</summary>
    public RuleConditions? Conditions { get; init; }

    /// <summary>{"teamId": ...} or {"agentId": ...}.</summary>
    public RoutingRuleTarget AssignTo { get; init; } = new(null, null);

    /// <summary>How the team hands it to an agent: round-robin (when left out), least-open or manual.</summary>
    public string? Strategy { get; init; }

    /// <summary>True when left out.</summary>
    public bool? Enabled { get; init; }

    public const int MaxNameLength = 200;
}

/// <summary>PUT /api/routing/rules/{id}: the rule that replaces rule <see cref="Id"/>.</summary>
internal sealed record UpdateRoutingRuleRequest : RoutingRuleRequest
{
    [RouteParam]
    public Guid Id { get; init; }
}

/// <summary>The rule's shape; whether its team or agent exists is the endpoint's check (the directory's state).</summary>
internal sealed class RoutingRuleRequestValidator : Validator<RoutingRuleRequest>
{
    public RoutingRuleRequestValidator() => RoutingRuleRules.Add(this);
}

internal sealed class UpdateRoutingRuleRequestValidator : Validator<UpdateRoutingRuleRequest>
{
    public UpdateRoutingRuleRequestValidator() => RoutingRuleRules.Add(this);
}

internal static class RoutingRuleRules
{
    public static void Add<T>(AbstractValidator<T> validator) where T : RoutingRuleRequest
    {
        validator.RuleFor(r => r.Name)
            .Must(name => !string.IsNullOrWhiteSpace(name))
            .WithMessage("Give the rule a name that says what it catches, e.g. \"Refunds to 售后\".")
            .MaximumLength(RoutingRuleRequest.MaxNameLength)
            .WithMessage($"Keep the rule's name to {RoutingRuleRequest.MaxNameLength} characters.");
        validator.RuleFor(r => r.Strategy)
            .Must(strategy => RoutingStrategy.IsKnown(strategy!.Trim()))
            .When(r => r.Strategy is not null)
            .WithMessage(r => $"Unknown strategy '{r.Strategy!.Trim()}': use \"{RoutingStrategy.RoundRobin}\", \"{RoutingStrategy.LeastOpen}\" or \"{RoutingStrategy.Manual}\".");
        validator.RuleFor(r => r.AssignTo)
            .Must(target => target is not null && (target.TeamId is null) != (target.AgentId is null))
            .WithMessage("Say where matching conversations go: {\"teamId\": ...} for a team or {\"agentId\": ...} for one agent, not both.");
    }
}
