using FastEndpoints;
using FluentValidation;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;

namespace MailHub.Routing.Rules;

/// <summary>PUT /api/routing/rules/order: every rule's id, in the order they are to be tried.</summary>
internal sealed record ReorderRoutingRulesRequest(IReadOnlyList<Guid> RuleIds);

internal sealed class ReorderRoutingRulesRequestValidator : Validator<ReorderRoutingRulesRequest>
{
    public ReorderRoutingRulesRequestValidator()
    {
        RuleFor(r => r.RuleIds)
            .Must(ids => ids is { Count: > 0 } && ids.Distinct().Count() == ids.Count)
            .WithMessage("List every rule's id once, in the order they are to be tried.");
    }
}

/// <summary>PUT /api/routing/rules/order (admins, supervisors): the console's drag and drop.</summary>
internal sealed class ReorderRoutingRules(RuleStore store) : Endpoint<ReorderRoutingRulesRequest, IReadOnlyList<RoutingRuleResponse>>
{
    public override void Configure()
    {
        Put("/routing/rules/order");
        Roles(Core.Accounts.Roles.Admin, Core.Accounts.Roles.Supervisor);
        Description(d => d.ProducesProblem(StatusCodes.Status409Conflict));
        Summary(s =>
        {
            s.Summary = "Put the rules in a new order (admins, supervisors).";
            s.Description = "ruleIds: every rule's id, the first to be tried first; their orders become 10, 20, 30... Answers the rules in "
                + "their new order. 409 when the list is not exactly the rules there are (one was added or deleted meanwhile: read them "
                + "again), and then no order changes; 400 for an empty list or an id listed twice.";
        });
    }

    public override async Task HandleAsync(ReorderRoutingRulesRequest request, CancellationToken cancellationToken)
    {
        if (!await store.ReorderAsync(request.RuleIds, cancellationToken))
        {
            await Send.ResultAsync(Problems.Conflict("ruleIds",
                "The rules changed meanwhile (one was added or deleted): read them again and put them in order once more."));
            return;
        }
        await Send.OkAsync([.. (await store.ListAsync(enabledOnly: false, cancellationToken)).Select(RoutingRuleResponse.Of)], cancellationToken);
    }
}
