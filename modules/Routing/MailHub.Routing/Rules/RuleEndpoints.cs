using MailHub.Core.Accounts;
using MailHub.People.Contracts;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MailHub.Routing.Rules;

internal static class RuleEndpoints
{
    public sealed record AssignTarget(Guid? TeamId, Guid? AgentId);

    public sealed record RuleRequest(string? Name, int? Order, RuleConditions? Conditions, AssignTarget? AssignTo, string? Strategy, bool? Enabled);

    public sealed record RuleView(Guid Id, string Name, int Order, RuleConditions Conditions, AssignTarget AssignTo, string Strategy, bool Enabled);

    public static RuleView View(RoutingRule rule) =>
        new(rule.Id, rule.Name, rule.Order, rule.Conditions, new AssignTarget(rule.TeamId, rule.AgentId), rule.Strategy, rule.Enabled);

    public static void MapRules(this IEndpointRouteBuilder routing)
    {
        var rules = routing.MapGroup("/rules");

        rules.MapGet("", async (RuleStore store, CancellationToken cancellationToken) =>
            (await store.ListAsync(enabledOnly: false, cancellationToken)).Select(View))
            .WithSummary("The assignment rules in the order they are tried.");

        rules.MapGet("/{id:guid}", async (Guid id, RuleStore store, CancellationToken cancellationToken) =>
            await store.FindAsync(id, cancellationToken) is { } rule ? Results.Ok(View(rule)) : Problems.NotFound("rule", id))
            .WithSummary("One rule.");

        rules.MapPost("", async (RuleRequest request, RuleStore store, IMemberDirectory directory, CancellationToken cancellationToken) =>
        {
            var (rule, invalid) = await ValidateAsync(Guid.CreateVersion7(), request, directory, cancellationToken);
            if (rule is null)
                return invalid!;
            await store.SaveAsync(rule, cancellationToken);
            return Results.Created($"/api/routing/rules/{rule.Id}", View(rule));
        })
        .RequireAuthorization(policy => policy.RequireRole(Roles.Admin))
        .WithSummary("Add a rule (admins): conditions on mailbox, sender, keywords, language; assign to a team or an agent.");

        rules.MapPut("/{id:guid}", async (Guid id, RuleRequest request, RuleStore store, IMemberDirectory directory, CancellationToken cancellationToken) =>
        {
            if (await store.FindAsync(id, cancellationToken) is null)
                return Problems.NotFound("rule", id);
            var (rule, invalid) = await ValidateAsync(id, request, directory, cancellationToken);
            if (rule is null)
                return invalid!;
            await store.SaveAsync(rule, cancellationToken);
            return Results.Ok(View(rule));
        })
        .RequireAuthorization(policy => policy.RequireRole(Roles.Admin))
        .WithSummary("Replace a rule (admins).");

        rules.MapDelete("/{id:guid}", async (Guid id, RuleStore store, CancellationToken cancellationToken) =>
            await store.DeleteAsync(id, cancellationToken) ? Results.NoContent() : Problems.NotFound("rule", id))
            .RequireAuthorization(policy => policy.RequireRole(Roles.Admin))
            .WithSummary("Delete a rule (admins).");
    }

    private static async Task<(RoutingRule? Rule, IResult? Invalid)> ValidateAsync(Guid id, RuleRequest request, IMemberDirectory directory,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name))
            errors.Add("name", "Give the rule a name that says what it catches, e.g. \"Refunds to 售后\".");
        var strategy = request.Strategy?.Trim() ?? RoutingStrategy.RoundRobin;
        if (!RoutingStrategy.IsKnown(strategy))
            errors.Add("strategy", $"Unknown strategy '{strategy}': use \"{RoutingStrategy.RoundRobin}\", \"{RoutingStrategy.LeastOpen}\" or \"{RoutingStrategy.Manual}\".");

        var target = request.AssignTo;
        if (target is null || (target.TeamId is null) == (target.AgentId is null))
        {
            errors.Add("assignTo", "Say where matching conversations go: {\"teamId\": ...} for a team or {\"agentId\": ...} for one agent, not both.");
        }
        else if (target.TeamId is { } teamId && await directory.FindDepartmentAsync(teamId, cancellationToken) is null)
        {
            errors.Add("assignTo.teamId", $"There is no department {teamId}: teams are the departments at GET /api/directory/departments.");
        }
        else if (target.AgentId is { } agentId && await directory.FindMemberAsync(agentId, cancellationToken) is null)
        {
            errors.Add("assignTo.agentId", $"There is no member {agentId}: agents are the members at GET /api/directory/members.");
        }
        if (errors.Any)
            return (null, errors.ToResult());

        var conditions = request.Conditions ?? new RuleConditions();
        return (new RoutingRule(id, name!, request.Order ?? 100, conditions, target!.TeamId, target.AgentId, strategy, request.Enabled ?? true), null);
    }
}
