using FastEndpoints;
using MailHub.Core.Accounts;
using MailHub.Core.Http;
using MailHub.People.Contracts;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace MailHub.Routing.Assignment;

/// <summary>GET /api/routing/teams/{teamId}/queue.</summary>
internal sealed record TeamQueueRequest([property: RouteParam] Guid TeamId);

/// <summary>A conversation waiting in a team's queue for an agent.</summary>
internal sealed record QueuedConversationResponse(Guid ConversationId, Guid MailboxId, string Subject, string SenderAddress, DateTimeOffset OpenedAt,
    string Strategy);

internal sealed class ListTeamQueue(NpgsqlDataSource dataSource, IMemberDirectory directory)
    : Endpoint<TeamQueueRequest, IReadOnlyList<QueuedConversationResponse>>
{
    public override void Configure()
    {
        Get("/routing/teams/{teamId:guid}/queue");
        Description(d => d.ProducesProblem(StatusCodes.Status403Forbidden));
        Summary(s =>
        {
            s.Summary = "The team's unassigned conversations, oldest first.";
            s.Description = "Open conversations routed to the team that no agent has yet: they wait for an agent with room "
                + "(round-robin, least-open) or for someone to assign them (manual). Empty for a team with none. "
                + "Admins and supervisors see every team's queue, agents their own teams' (403 otherwise).";
        });
    }

    public override async Task HandleAsync(TeamQueueRequest request, CancellationToken cancellationToken)
    {
        // The queue shows subjects and senders: an agent sees only the conversations of their own teams (as IConversationAccess).
        if (!User.SeesAllTeams() && !(await directory.DepartmentsOfAsync(User.AccountId(), cancellationToken)).Contains(request.TeamId))
        {
            await Send.ResultAsync(Problems.Forbidden("That is the queue of a team you are not in: ask an admin or someone of that team."));
            return;
        }
        await Send.OkAsync([.. (await AssignmentRows.QueueOfAsync(dataSource, request.TeamId, cancellationToken))
            .Select(r => new QueuedConversationResponse(r.ConversationId, r.MailboxId, r.Facts.Subject, r.Facts.SenderAddress, r.OpenedAt, r.Strategy))],
            cancellationToken);
    }
}
