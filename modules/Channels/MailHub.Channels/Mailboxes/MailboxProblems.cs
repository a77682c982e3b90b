using Microsoft.AspNetCore.Http;

namespace MailHub.Channels.Mailboxes;

/// <summary>The refusals the mailbox endpoints share.</summary>
internal static class MailboxProblems
{
    public static IResult NotFound(Guid id) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such mailbox",
        detail: $"There is no mailbox {id}; list them with GET /api/channels/mailboxes.");
}
