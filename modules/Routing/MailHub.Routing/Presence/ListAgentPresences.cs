using FastEndpoints;

namespace MailHub.Routing.Presence;

/// <summary>GET /api/routing/agents.</summary>
internal sealed class ListAgentPresences(PresenceStore store) : EndpointWithoutRequest<IReadOnlyList<AgentPresence>>
{
    public override void Configure()
    {
        Get("/routing/agents");
        Summary(s =>
        {
            s.Summary = "Presence, capacity and open conversations of every agent who ever set a presence.";
            s.Description = "One entry per agent: status (online, away, offline), capacity (open conversations taken at once), "
                + "open conversations now, and when the status last changed. Agents who never set a presence are offline and not listed.";
        });
    }

    public override async Task HandleAsync(CancellationToken cancellationToken) =>
        await Send.OkAsync(await store.ListAsync(null, cancellationToken), cancellationToken);
}
