using FastEndpoints;
using MailHub.People.Contracts;
using MailHub.Routing.Contracts;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace MailHub.Routing.Assignment;

/// <summary>GET /api/routing/assignments/{conversationId}.</summary>
internal sealed record ConversationAssignmentRequest([property: RouteParam] Guid ConversationId);

internal sealed class GetConversationAssignment(NpgsqlDataSource dataSource, IConversationAccess access, IMemberDirectory directory)
    : Endpoint<ConversationAssignmentRequest, AssignmentResponse>
{
    public override void Configure()
    {
        Get("/routing/assignments/{conversationId:guid}");
        Description(d => d
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "Who has the conversation: assignee, team and state.";
            s.Description = "The version counts the assignment's changes (send it as expectedVersion to assign only if nothing changed). "
                + "404 when routing has not seen the conversation; 403 when it belongs to a team the caller is not in.";
        });
    }

    public override async Task HandleAsync(ConversationAssignmentRequest request, CancellationToken cancellationToken)
    {
        var row = await AssignmentRows.FindAsync(dataSource, request.ConversationId, cancellationToken);
        if (row is null)
            await Send.ResultAsync(AssignmentProblems.NotRouted(request.ConversationId));
        else if (!await access.CanSeeAsync(User, request.ConversationId, cancellationToken))
            await Send.ResultAsync(AssignmentProblems.NotYourTeam());
        else
            await Send.OkAsync(await AssignmentResponse.OfAsync(row.Snapshot(), directory, cancellationToken), cancellationToken);
    }
}
