using FastEndpoints;

namespace MailHub.Routing.Teams;

/// <summary>GET /api/routing/teams.</summary>
internal sealed class ListTeamRoutingSettings(TeamSettingsStore store) : EndpointWithoutRequest<IReadOnlyList<TeamSettings>>
{
    public override void Configure()
    {
        Get("/routing/teams");
        Summary(s =>
        {
            s.Summary = "Teams' routing settings: strategy and default capacity.";
            s.Description = "One entry per team that has settings or was ever routed to: its strategy (round-robin, least-open or manual), "
                + "used by rules that name none, and the capacity its agents start with (null: the platform's default). A team not "
                + "listed is round-robin with no capacity of its own.";
        });
    }

    public override async Task HandleAsync(CancellationToken cancellationToken) =>
        await Send.OkAsync(await store.ListAsync(cancellationToken), cancellationToken);
}
