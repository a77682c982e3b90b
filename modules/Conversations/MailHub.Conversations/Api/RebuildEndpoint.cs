using System.Security.Claims;
using MailHub.Conversations.ReadModel;
using MailHub.Core.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MailHub.Conversations.Api;

internal static class RebuildEndpoint
{
    /// <summary>POST /api/conversations/rebuild (admins): Marten's rebuild of the conversation list projection (<see cref="ReadModelRebuild"/>).</summary>
    public static void MapReadModelRebuild(this IEndpointRouteBuilder api) =>
        api.MapPost("/conversations/rebuild", async (ClaimsPrincipal user, ReadModelRebuild rebuild, CancellationToken cancellationToken) =>
            user.IsAdmin()
                ? Results.Ok(await rebuild.RunAsync(cancellationToken))
                : MailHub.Core.Http.Problems.Forbidden("Only an admin rebuilds the conversations read model."))
        .WithTags("Conversations")
        .WithSummary("Rebuilds the conversation list from the events (Marten's projection rebuild): status, assignee, counts, activity, search, delivery states. Writers wait until it is done.");
}
