using System.Security.Claims;
using MailHub.Core.Accounts;
using MailHub.People.Contracts;
using MailHub.Routing.Contracts;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MailHub.Routing.Presence;

internal static class PresenceEndpoints
{
    public sealed record PresenceRequest(string? Status, int? Capacity);

    private const int MaxCapacity = 1000;

    /// <summary>An agent on a conversation, as <c>GET /api/conversations/{id}/viewers</c> lists them.</summary>
    public sealed record ViewerView(Guid AgentId, string AgentName, string Activity, DateTimeOffset Since);

    public static void MapPresence(this IEndpointRouteBuilder routing, IEndpointRouteBuilder api)
    {
        var agents = routing.MapGroup("/agents");

        agents.MapGet("", async (PresenceStore store, CancellationToken cancellationToken) => await store.ListAsync(null, cancellationToken))
            .WithSummary("Presence, capacity and open conversations of every agent who ever set a presence.");

        agents.MapGet("/{memberId:guid}", async (Guid memberId, PresenceStore store, CancellationToken cancellationToken) =>
            await store.FindAsync(memberId, cancellationToken) ?? new AgentPresence(memberId, PresenceStore.Offline, 0, 0, null))
            .WithSummary("One agent's presence (offline when never set).");

        agents.MapPut("/{memberId:guid}/presence", SetAsync)
            .WithSummary("Set presence (online, away, offline) and capacity. Agents set their own; admins anyone's.");

        routing.MapGet("/notifications", async (DateTimeOffset? since, ClaimsPrincipal user, IAgentNotifications notifications,
            CancellationToken cancellationToken) => await notifications.RecentAsync(user.AccountId(), since, 50, cancellationToken))
            .WithSummary("The caller's latest notifications (transfers and assignments to them), newest first.");

        api.MapGet("/conversations/{id:guid}/viewers", ViewersAsync).WithTags("Routing")
            .WithSummary("Who is viewing or replying to the conversation now (\"X is viewing / replying\"), longest there first; "
                + "the \"activity\" pushes of the live connection tell of changes from then on.");
    }

    private static async Task<IResult> ViewersAsync(Guid id, ClaimsPrincipal user, IConversationAccess access, IGrainFactory grains,
        CancellationToken cancellationToken)
    {
        if (!await access.CanSeeAsync(user, id, cancellationToken))
            return Problems.Forbidden("The conversation belongs to a team you are not in: ask an admin or someone of that team.");
        var viewers = await grains.GetGrain<IConversationViewersGrain>(id).ListAsync();
        return Results.Ok(viewers.Select(v => new ViewerView(v.AgentId, v.AgentName, ActivityName(v.Activity), v.Since)).ToArray());
    }

    private static string ActivityName(ConversationActivity activity) => activity switch
    {
        ConversationActivity.Replying => "replying",
        ConversationActivity.Viewing => "viewing",
        _ => "left",
    };

    private static async Task<IResult> SetAsync(Guid memberId, PresenceRequest request, ClaimsPrincipal user, PresenceStore store,
        IGrainFactory grains, IMemberDirectory directory, CancellationToken cancellationToken)
    {
        if (!user.IsAdmin() && user.AccountId() != memberId)
            return Problems.Forbidden("Agents set only their own presence: use your own member id, or ask an admin.");
        var errors = new FieldErrors();
        var status = request.Status?.Trim().ToLowerInvariant();
        if (status is null && request.Capacity is null)
            errors.Add("status", "Give a status (online, away, offline), a capacity, or both.");
        if (status is not null && !PresenceStore.IsKnown(status))
            errors.Add("status", $"Unknown status '{request.Status}': use \"online\", \"away\" or \"offline\".");
        if (request.Capacity is < 0 or > MaxCapacity)
            errors.Add("capacity", $"Capacity is how many open conversations the agent takes at once: 0 to {MaxCapacity}.");
        if (errors.Any)
            return errors.ToResult();
        if (await directory.FindMemberAsync(memberId, cancellationToken) is null)
            return Problems.NotFound("member", memberId);

        // Through the agent's grain, one writer of presence with the hand-back after the last console closed.
        await grains.GetGrain<IAgentGrain>(memberId).SetPresenceAsync(status, request.Capacity);
        return Results.Ok(await store.FindAsync(memberId, cancellationToken));
    }
}
