using FastEndpoints;
using Microsoft.AspNetCore.Http;
using MailHub.Core.Http;

namespace MailHub.Routing.Rules;

/// <summary>GET /api/routing/rules/{id}.</summary>
internal sealed class GetRoutingRule(RuleStore store) : Endpoint<RoutingRuleIdRequest, RoutingRuleResponse>
{
    public override void Configure()
    {
        Get("/routing/rules/{id:guid}");
        Description(d => d.ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "One rule.";
            s.Description = "The rule's conditions, where it sends what it catches, its strategy and whether it is enabled; 404 when there is no such rule.";
        });
    }

    public override async Task HandleAsync(RoutingRuleIdRequest request, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(request.Id, cancellationToken) is { } rule)
            await Send.OkAsync(RoutingRuleResponse.Of(rule), cancellationToken);
        else
            await Send.ResultAsync(Problems.NotFound("rule", request.Id));
    }
}
