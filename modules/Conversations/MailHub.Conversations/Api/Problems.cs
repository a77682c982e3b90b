using MailHub.Conversations.Domain;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Api;

internal static class Problems
{
    public static IResult NotFound(string what) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} not found", detail: $"Check the id: there is no such {what.ToLowerInvariant()}.");

    public static IResult Forbidden() =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not your conversation",
            detail: "This conversation belongs to a team you are not in; ask an admin or its assignee to transfer it to you.");

    public static IResult BadRequest(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The request cannot be carried out", detail: detail);

    /// <summary>Runs a command, turning the errors a caller can fix into ProblemDetails.</summary>
    public static async Task<IResult> RunAsync(Func<Task<IResult>> command)
    {
        try
        {
            return await command();
        }
        catch (ConversationNotFoundException)
        {
            return NotFound("Conversation");
        }
        catch (ArgumentException e)
        {
            return BadRequest(e.Message);
        }
        catch (InvalidOperationException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The conversation cannot do that now", detail: e.Message);
        }
    }
}
