using FastEndpoints;

namespace MailHub.Routing.Presence;

/// <summary>GET /api/routing/agents/{memberId}.</summary>
internal sealed class GetAgentPresence(PresenceStore store) : Endpoint<AgentPresenceRequest, AgentPresence>
{
    public override void Configure()
    {
        Get("/routing/agents/{memberId:guid}");
        Summary(s =>
        {
            s.Summary = "One agent's presence (offline when never set).";
            s.Description = "Status, capacity, open conversations and when the status last changed; an agent who never set a presence "
                + "answers offline with capacity 0.";
        });
    }

    public override async Task HandleAsync(AgentPresenceRequest request, CancellationToken cancellationToken) =>
        await Send.OkAsync(await store.FindAsync(request.MemberId, cancellationToken)
            ?? new AgentPresence(request.MemberId, PresenceStore.Offline, 0, 0, null), cancellationToken);
}
