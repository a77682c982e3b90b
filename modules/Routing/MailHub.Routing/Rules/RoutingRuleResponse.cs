namespace MailHub.Routing.Rules;

/// <summary>A rule as the API answers it.</summary>
internal sealed record RoutingRuleResponse(
    Guid Id, string Name, int Order, RuleConditions Conditions, RoutingRuleTarget AssignTo, string Strategy, bool Enabled)
{
    public static RoutingRuleResponse Of(RoutingRule rule) =>
        new(rule.Id, rule.Name, rule.Order, rule.Conditions, new RoutingRuleTarget(rule.TeamId, rule.AgentId), rule.Strategy, rule.Enabled);
}

/// <summary>GET and DELETE /api/routing/rules/{id}.</summary>
internal sealed record RoutingRuleIdRequest([property: FastEndpoints.RouteParam] Guid Id);
