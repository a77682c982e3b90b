using MailHub.Core.Http;
using MailHub.People.Contracts;
using Microsoft.AspNetCore.Http;

namespace MailHub.Routing.Assignment;

/// <summary>The refusals the assignment endpoints share.</summary>
internal static class AssignmentProblems
{
    public static IResult NotRouted(Guid conversationId) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No conversation {conversationId} in routing",
            detail: "Routing has not seen this conversation: check the id, or wait a moment if it just arrived.");

    public static IResult NotYourTeam() =>
        Problems.Forbidden("The conversation belongs to a team you are not in: ask an admin or someone of that team.");

    public static IResult Deactivated(MemberRef agent) =>
        Problems.Invalid("agentId", $"{agent.Name} was deactivated and takes no conversations: choose another agent, or reactivate them first.");
}
