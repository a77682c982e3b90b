using Microsoft.AspNetCore.Http;

namespace MailHub.Channels.Sandbox;

internal static class SandboxProblems
{
    public static IResult NotFound(Guid id) => Results.Problem(statusCode: StatusCodes.Status404NotFound,
        title: "No such captured message", detail: $"Nothing with id {id} is in the sandbox; list it with GET /api/sandbox/messages.");

    /// <summary>A q the search syntax cannot read (Search/SandboxSearch), with how to write it.</summary>
    public static IResult BadSearch(string what) => Results.ValidationProblem(
        new Dictionary<string, string[]> { ["q"] = [what + " The syntax: words, from:, to:, subject:, message-id:, tag:, has:attachment, before:, after:, is:read, is:unread, ! to negate."] },
        title: "The search cannot be read");
}
