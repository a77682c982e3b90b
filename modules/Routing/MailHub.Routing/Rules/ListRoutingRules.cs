using FastEndpoints;

namespace MailHub.Routing.Rules;

/// <summary>GET /api/routing/rules.</summary>
internal sealed class ListRoutingRules(RuleStore store) : EndpointWithoutRequest<IReadOnlyList<RoutingRuleResponse>>
{
    public override void Configure()
    {
        Get("/routing/rules");
        Summary(s =>
        {
            s.Summary = "The assignment rules in the order they are tried.";
            s.Description = "Every rule, enabled or not, by ascending order: a new conversation goes where the first enabled rule "
                + "whose conditions it matches says.";
        });
    }

    public override async Task HandleAsync(CancellationToken cancellationToken) =>
        await Send.OkAsync([.. (await store.ListAsync(enabledOnly: false, cancellationToken)).Select(RoutingRuleResponse.Of)], cancellationToken);
}
