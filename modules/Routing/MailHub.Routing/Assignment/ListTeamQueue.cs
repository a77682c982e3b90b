using FastEndpoints;
using Npgsql;

namespace MailHub.Routing.Assignment;

/// <summary>GET /api/routing/teams/{teamId}/queue.</summary>
internal sealed record TeamQueueRequest([property: RouteParam] Guid TeamId);

/// <summary>A conversation waiting in a team's queue for an agent.</summary>
internal sealed record QueuedConversationResponse(Guid ConversationId, Guid MailboxId, string Subject, string SenderAddress, DateTimeOffset OpenedAt,
    string Strategy);

internal sealed class ListTeamQueue(NpgsqlDataSource dataSource) : Endpoint<TeamQueueRequest, IReadOnlyList<QueuedConversationResponse>>
{
    public override void Configure()
    {
        Get("/routing/teams/{teamId:guid}/queue");
        Summary(s =>
        {
            s.Summary = "The team's unassigned conversations, oldest first.";
            s.Description = "Open conversations routed to the team that no agent has yet: they wait for an agent with room "
                + "(round-robin, least-open) or for someone to assign them (manual). Empty for a team with none, or no such team.";
        });
    }

    public override async Task HandleAsync(TeamQueueRequest request, CancellationToken cancellationToken) =>
        await Send.OkAsync([.. (await AssignmentRows.QueueOfAsync(dataSource, request.TeamId, cancellationToken))
            .Select(r => new QueuedConversationResponse(r.ConversationId, r.MailboxId, r.Facts.Subject, r.Facts.SenderAddress, r.OpenedAt, r.Strategy))],
            cancellationToken);
}
