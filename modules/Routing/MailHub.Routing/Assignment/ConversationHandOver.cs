using System.Security.Claims;
using FastEndpoints;
using MailHub.Core.Accounts;
using MailHub.Core.Http;
using MailHub.People.Contracts;
using MailHub.Routing.Contracts;
using Microsoft.AspNetCore.Http;

namespace MailHub.Routing.Assignment;

/// <summary>
/// Assigning by hand and transferring: the same move through the conversation's grain, told apart by the kind the
/// event records (a transfer notifies the receiving agent with the note).
/// </summary>
internal abstract class ConversationHandOver(AssignmentEngine engine, IConversationAccess access, IMemberDirectory directory, AssignmentKind kind)
    : Endpoint<AssignConversationRequest, AssignmentResponse>
{
    protected void Declare(string route)
    {
        Post(route);
        Description(d => d
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict));
    }

    protected const string Refusals = "400 for neither or both of agentId and teamId, an agent or team the directory does not hold, or a "
        + "deactivated agent; "
        + "403 when the conversation belongs to a team the caller is not in; 404 when routing has not seen it; "
        + "409 when it is closed, or when expectedVersion is given and the assignment changed meanwhile.";

    public override async Task HandleAsync(AssignConversationRequest request, CancellationToken cancellationToken)
    {
        if (request.AgentId is { } agentId)
        {
            var agent = await directory.FindMemberAsync(agentId, cancellationToken);
            if (agent is null)
            {
                await Send.ResultAsync(Problems.Invalid("agentId", $"There is no member {agentId}: agents are listed at GET /api/directory/members."));
                return;
            }
            if (!agent.Active)
            {
                await Send.ResultAsync(AssignmentProblems.Deactivated(agent));
                return;
            }
        }
        if (request.TeamId is { } teamId && await directory.FindDepartmentAsync(teamId, cancellationToken) is null)
        {
            await Send.ResultAsync(Problems.Invalid("teamId", $"There is no department {teamId}: teams are listed at GET /api/directory/departments."));
            return;
        }
        if (!await access.CanSeeAsync(User, request.Id, cancellationToken))
        {
            await Send.ResultAsync(AssignmentProblems.NotYourTeam());
            return;
        }

        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        var result = await engine.AssignAsync(request.Id, request.TeamId, request.AgentId, User.AccountId(), User.FindFirstValue(ClaimTypes.Name),
            note, kind, request.ExpectedVersion, cancellationToken);
        switch (result.Status)
        {
            case AssignStatus.Done:
                await Send.OkAsync(await AssignmentResponse.OfAsync(result.Assignment!, directory, cancellationToken), cancellationToken);
                break;
            case AssignStatus.Closed:
                await Send.ResultAsync(Problems.Conflict("id", $"Conversation {request.Id} is closed: reopen it before assigning it."));
                break;
            case AssignStatus.VersionConflict:
                await Send.ResultAsync(Problems.Conflict("expectedVersion",
                    $"The assignment changed meanwhile (now version {result.Assignment!.Version}): reload it and decide again."));
                break;
            default:
                await Send.ResultAsync(AssignmentProblems.NotRouted(request.Id));
                break;
        }
    }
}
