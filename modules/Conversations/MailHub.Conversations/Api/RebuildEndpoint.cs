using System.Security.Claims;
using MailHub.Conversations.Domain;
using MailHub.Core.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MailHub.Conversations.Api;

internal static class RebuildEndpoint
{
    /// <summary>POST /api/conversations/rebuild (admins): replays the event store into the read model (<see cref="ReadModelRebuild"/>).</summary>
    public static void MapReadModelRebuild(this IEndpointRouteBuilder api) =>
        api.MapPost("/conversations/rebuild", async (ClaimsPrincipal user, ReadModelRebuild rebuild, CancellationToken cancellationToken) =>
            user.IsAdmin()
                ? Results.Ok(await rebuild.RunAsync(cancellationToken))
                : MailHub.Core.Http.Problems.Forbidden("Only an admin rebuilds the conversations read model."))
        .WithTags("Conversations")
        .WithSummary("Replays the event store into the conversations read model: status, assignee, counts, activity, search, delivery states.");
}
