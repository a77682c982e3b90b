using System.Security.Claims;
using MailHub.Core.Accounts;
using MailHub.People.Contracts;
using MailHub.Routing.Contracts;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Npgsql;

namespace MailHub.Routing.Assignment;

internal static class AssignmentEndpoints
{
    public sealed record AssignRequest(Guid? AgentId, Guid? TeamId, string? Note, long? ExpectedVersion);

    public sealed record Party(Guid Id, string Name);

    public sealed record AssignmentView(Guid ConversationId, Party? Assignee, Party? Team, string State, long Version, Guid MailboxId,
        DateTimeOffset OpenedAt);

    private const int MaxNoteLength = 2000;

    public static void MapAssignments(this IEndpointRouteBuilder routing, IEndpointRouteBuilder api)
    {
        routing.MapGet("/assignments/{conversationId:guid}", async (Guid conversationId, ClaimsPrincipal user, NpgsqlDataSource dataSource,
            IConversationAccess access, IMemberDirectory directory, CancellationToken cancellationToken) =>
        {
            var row = await AssignmentRows.FindAsync(dataSource, conversationId, cancellationToken);
            if (row is null)
                return NotRouted(conversationId);
            if (!await access.CanSeeAsync(user, conversationId, cancellationToken))
                return NotYourTeam();
            return Results.Ok(await ViewAsync(row.Snapshot(), directory, cancellationToken));
        })
        .WithSummary("Who has the conversation: assignee, team and state.");

        routing.MapGet("/teams/{teamId:guid}/queue", async (Guid teamId, ClaimsPrincipal user, IConversationAccess access, NpgsqlDataSource dataSource,
            CancellationToken cancellationToken) => await access.CanSeeTeamAsync(user, teamId, cancellationToken)
            ? Results.Ok((await AssignmentRows.QueueOfAsync(dataSource, teamId, cancellationToken))
                .Select(r => new { r.ConversationId, r.MailboxId, r.Facts.Subject, r.Facts.SenderAddress, r.OpenedAt, r.Strategy }))
            : NotYourTeam())
            .WithSummary("The team's unassigned conversations, oldest first.");

        var conversations = api.MapGroup("/conversations").WithTags("Routing");
        conversations.MapPost("/{id:guid}/assign", (Guid id, AssignRequest request, ClaimsPrincipal user, AssignmentEngine engine,
            IConversationAccess access, IMemberDirectory directory, CancellationToken cancellationToken) =>
            AssignAsync(id, request, AssignmentKind.Manual, user, engine, access, directory, cancellationToken))
            .WithSummary("Assign to an agent ({\"agentId\"}) or a team ({\"teamId\"}: its next available agent, else its queue).");

        conversations.MapPost("/{id:guid}/transfer", (Guid id, AssignRequest request, ClaimsPrincipal user, AssignmentEngine engine,
            IConversationAccess access, IMemberDirectory directory, CancellationToken cancellationToken) =>
            AssignAsync(id, request, AssignmentKind.Transfer, user, engine, access, directory, cancellationToken))
            .WithSummary("Hand the conversation to another agent or team with a note; the receiving agent is notified.");
    }

    private static async Task<IResult> AssignAsync(Guid id, AssignRequest request, AssignmentKind kind, ClaimsPrincipal user,
        AssignmentEngine engine, IConversationAccess access, IMemberDirectory directory, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if ((request.AgentId is null) == (request.TeamId is null))
            errors.Add("agentId", "Give either agentId (an agent) or teamId (a team), not both.");
        else if (request.AgentId is { } agentId && await directory.FindMemberAsync(agentId, cancellationToken) is null)
            errors.Add("agentId", $"There is no member {agentId}: agents are listed at GET /api/directory/members.");
        else if (request.TeamId is { } teamId && await directory.FindDepartmentAsync(teamId, cancellationToken) is null)
            errors.Add("teamId", $"There is no department {teamId}: teams are listed at GET /api/directory/departments.");
        if (request.Note is { Length: > MaxNoteLength })
            errors.Add("note", $"Keep the note to {MaxNoteLength} characters.");
        if (errors.Any)
            return errors.ToResult();
        if (!await access.CanSeeAsync(user, id, cancellationToken))
            return NotYourTeam();

        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        var result = await engine.AssignAsync(id, request.TeamId, request.AgentId, user.AccountId(), user.FindFirstValue(ClaimTypes.Name),
            note, kind, request.ExpectedVersion, cancellationToken);
        return result.Status switch
        {
            AssignStatus.Done => Results.Ok(await ViewAsync(result.Assignment!, directory, cancellationToken)),
            AssignStatus.Closed => Problems.Conflict("id", $"Conversation {id} is closed: reopen it before assigning it."),
            AssignStatus.VersionConflict => Problems.Conflict("expectedVersion",
                $"The assignment changed meanwhile (now version {result.Assignment!.Version}): reload it and decide again."),
            _ => NotRouted(id),
        };
    }

    public static async Task<AssignmentView> ViewAsync(AssignmentSnapshot row, IMemberDirectory directory, CancellationToken cancellationToken)
    {
        Party? assignee = null, team = null;
        if (row.AgentId is { } agentId)
            assignee = new Party(agentId, (await directory.FindMemberAsync(agentId, cancellationToken))?.Name ?? "(no longer in the directory)");
        if (row.TeamId is { } teamId)
            team = new Party(teamId, (await directory.FindDepartmentAsync(teamId, cancellationToken))?.Name ?? "(no longer in the directory)");
        return new AssignmentView(row.ConversationId, assignee, team, row.State, row.Version, row.MailboxId, row.OpenedAt);
    }

    private static IResult NotRouted(Guid conversationId) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No conversation {conversationId} in routing",
            detail: "Routing has not seen this conversation: check the id, or wait a moment if it just arrived.");

    private static IResult NotYourTeam() =>
        Problems.Forbidden("The conversation belongs to a team you are not in: ask an admin or someone of that team.");
}
