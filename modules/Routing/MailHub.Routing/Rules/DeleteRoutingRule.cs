using FastEndpoints;
using Microsoft.AspNetCore.Http;
using MailHub.Core.Http;

namespace MailHub.Routing.Rules;

/// <summary>DELETE /api/routing/rules/{id} (admins, supervisors).</summary>
internal sealed class DeleteRoutingRule(RuleStore store) : Endpoint<RoutingRuleIdRequest>
{
    public override void Configure()
    {
        Delete("/routing/rules/{id:guid}");
        Roles(Core.Accounts.Roles.Admin, Core.Accounts.Roles.Supervisor);
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "Delete a rule (admins, supervisors).";
            s.Description = "Answers 204; conversations it already routed keep their assignee. 404 when there is no such rule.";
        });
    }

    public override async Task HandleAsync(RoutingRuleIdRequest request, CancellationToken cancellationToken)
    {
        if (await store.DeleteAsync(request.Id, cancellationToken))
            await Send.NoContentAsync(cancellationToken);
        else
            await Send.ResultAsync(Problems.NotFound("rule", request.Id));
    }
}
