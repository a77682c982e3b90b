using Microsoft.AspNetCore.Http;

namespace MailHub.Channels.Sandbox;

internal static class SandboxProblems
{
    public static IResult NotFound(Guid id) => Results.Problem(statusCode: StatusCodes.Status404NotFound,
        title: "No such captured message", detail: $"Nothing with id {id} is in the sandbox; list it with GET /api/sandbox/messages.");
}
