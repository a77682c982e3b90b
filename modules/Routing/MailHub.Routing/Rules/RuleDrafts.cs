using MailHub.Core.Http;
using MailHub.People.Contracts;
using Microsoft.AspNetCore.Http;

namespace MailHub.Routing.Rules;

/// <summary>
/// A validated request (<see cref="RoutingRuleRequestValidator"/>) made a rule, once the directory confirms the team or agent
/// it names; shared by adding and replacing a rule.
/// </summary>
internal static class RuleDrafts
{
    public const int DefaultOrder = 100;

    public static async Task<(RoutingRule? Rule, IResult? Refusal)> DraftAsync(Guid id, RoutingRuleRequest request, IMemberDirectory directory,
        CancellationToken cancellationToken)
    {
        var target = request.AssignTo;
        if (target.TeamId is { } teamId && await directory.FindDepartmentAsync(teamId, cancellationToken) is null)
            return (null, Problems.Invalid("assignTo.teamId", $"There is no department {teamId}: teams are the departments at GET /api/directory/departments."));
        if (target.AgentId is { } agentId && await directory.FindMemberAsync(agentId, cancellationToken) is null)
            return (null, Problems.Invalid("assignTo.agentId", $"There is no member {agentId}: agents are the members at GET /api/directory/members."));

        IReadOnlyList<string> tags = [.. (request.Tags ?? []).Select(t => t.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)];
        return (new RoutingRule(id, request.Name.Trim(), request.Order ?? DefaultOrder, request.Conditions ?? new RuleConditions(),
            target.TeamId, target.AgentId, request.Strategy?.Trim(), request.Enabled ?? true, tags, request.Priority?.Trim().ToLowerInvariant()), null);
    }
}
