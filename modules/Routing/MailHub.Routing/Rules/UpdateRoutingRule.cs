using FastEndpoints;
using Microsoft.AspNetCore.Http;
using MailHub.Core.Http;
using MailHub.People.Contracts;

namespace MailHub.Routing.Rules;

/// <summary>PUT /api/routing/rules/{id} (admins, supervisors).</summary>
internal sealed class UpdateRoutingRule(RuleStore store, IMemberDirectory directory) : Endpoint<RoutingRuleRequest, RoutingRuleResponse>
{
    public override void Configure()
    {
        Put("/routing/rules/{id:guid}");
        Roles(Core.Accounts.Roles.Admin, Core.Accounts.Roles.Supervisor);
        Description(d => d.ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "Replace a rule (admins, supervisors).";
            s.Description = "The whole rule is replaced by the one sent (fields left out take their defaults) and answered. "
                + "404 when there is no such rule; 400 on the same grounds as adding one.";
        });
    }

    public override async Task HandleAsync(RoutingRuleRequest request, CancellationToken cancellationToken)
    {
        // The id is the route's, not a field of the request: the body is the same rule as POST's, in the document too.
        var id = Route<Guid>("id");
        if (await store.FindAsync(id, cancellationToken) is null)
        {
            await Send.ResultAsync(Problems.NotFound("rule", id));
            return;
        }
        var (rule, refusal) = await RuleDrafts.DraftAsync(id, request, directory, cancellationToken);
        if (rule is null)
        {
            await Send.ResultAsync(refusal!);
            return;
        }
        await store.SaveAsync(rule, cancellationToken);
        await Send.OkAsync(RoutingRuleResponse.Of(rule), cancellationToken);
    }
}
