using FastEndpoints;
using Microsoft.AspNetCore.Http;
using MailHub.People.Contracts;

namespace MailHub.Routing.Rules;

/// <summary>POST /api/routing/rules (admins, supervisors).</summary>
internal sealed class CreateRoutingRule(RuleStore store, IMemberDirectory directory) : Endpoint<RoutingRuleRequest, RoutingRuleResponse>
{
    public override void Configure()
    {
        Post("/routing/rules");
        Roles(Core.Accounts.Roles.Admin, Core.Accounts.Roles.Supervisor);
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK)
            .Produces<RoutingRuleResponse>(StatusCodes.Status201Created, "application/json"));
        Summary(s =>
        {
            s.Summary = "Add a rule (admins, supervisors): conditions on mailbox, sender, keywords, language; a team or an agent, tags, priority.";
            s.Description = "Answers 201 with the rule and its Location. Refuses (400) a rule without a name, with an unknown strategy, "
                + "or that names neither or both of a team and an agent, or a team or agent the directory does not hold.";
        });
    }

    public override async Task HandleAsync(RoutingRuleRequest request, CancellationToken cancellationToken)
    {
        var (rule, refusal) = await RuleDrafts.DraftAsync(Guid.CreateVersion7(), request, directory, cancellationToken);
        if (rule is null)
        {
            await Send.ResultAsync(refusal!);
            return;
        }
        await store.SaveAsync(rule, cancellationToken);
        HttpContext.Response.Headers.Location = $"/api/routing/rules/{rule.Id}";
        await Send.ResponseAsync(RoutingRuleResponse.Of(rule), StatusCodes.Status201Created, cancellationToken);
    }
}
