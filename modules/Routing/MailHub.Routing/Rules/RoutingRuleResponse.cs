namespace MailHub.Routing.Rules;

/// <summary>A rule as the API answers it.</summary>
/// <remarks><c>strategy</c> null: the team's own (GET /api/routing/teams).</remarks>
internal sealed record RoutingRuleResponse(
    Guid Id, string Name, int Order, RuleConditions Conditions, RoutingRuleTarget AssignTo, string? Strategy, bool Enabled,
    IReadOnlyList<string> Tags, string? Priority)
{
    public static RoutingRuleResponse Of(RoutingRule rule) =>
        new(rule.Id, rule.Name, rule.Order, rule.Conditions, new RoutingRuleTarget(rule.TeamId, rule.AgentId), rule.Strategy, rule.Enabled,
            rule.Tags, rule.Priority);
}

/// <summary>GET and DELETE /api/routing/rules/{id}.</summary>
internal sealed record RoutingRuleIdRequest([property: FastEndpoints.RouteParam] Guid Id);
