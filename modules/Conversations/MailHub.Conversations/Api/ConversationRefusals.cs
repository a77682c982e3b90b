using MailHub.Conversations.Domain;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Api;

/// <summary>The refusals of the conversation endpoints, as problem details (MailHub.Core.Http.Problems' shape).</summary>
internal static class ConversationRefusals
{
    // A new answer each time: the problem details service adds to the object it writes.
    public static IResult NotYours() => Problems.Forbidden(
        "This conversation belongs to a team you are not in; ask an admin or its assignee to transfer it to you.");

    /// <summary>
    /// Runs a command of the conversation's grain, turning the errors a caller can fix into problem details: an unknown
    /// conversation (404), a refused input (400, keyed by <paramref name="field"/>), a state that does not allow it (409).
    /// </summary>
    public static async Task<(T? Value, IResult? Refusal)> RunAsync<T>(Guid conversationId, string field, Func<Task<T>> command,
        string conflictField = "id")
    {
        try
        {
            return (await command(), null);
        }
        catch (ConversationNotFoundException)
        {
            return (default, Problems.NotFound("conversation", conversationId));
        }
        catch (ArgumentException e)
        {
            return (default, Problems.Invalid(field, e.Message));
        }
        catch (InvalidOperationException e)
        {
            return (default, Problems.Conflict(conflictField, e.Message));
        }
    }
}
