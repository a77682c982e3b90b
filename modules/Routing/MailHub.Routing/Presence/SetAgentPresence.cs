using FastEndpoints;
using MailHub.Core.Accounts;
using MailHub.Core.Http;
using MailHub.People.Contracts;
using MailHub.Routing.Contracts;
using Microsoft.AspNetCore.Http;

namespace MailHub.Routing.Presence;

/// <summary>PUT /api/routing/agents/{memberId}/presence.</summary>
internal sealed class SetAgentPresence(PresenceStore store, IGrainFactory grains, IMemberDirectory directory)
    : Endpoint<SetAgentPresenceRequest, AgentPresence>
{
    public override void Configure()
    {
        Put("/routing/agents/{memberId:guid}/presence");
        Description(d => d
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "Set presence (online, away, offline) and capacity. Agents set their own; admins anyone's.";
            s.Description = "Answers the agent's presence as it is now. A field left out keeps its value. 403 when an agent sets "
                + "someone else's; 404 when the member is not in the directory; 400 for an unknown status or a capacity out of range.";
        });
    }

    public override async Task HandleAsync(SetAgentPresenceRequest request, CancellationToken cancellationToken)
    {
        if (!User.IsAdmin() && User.AccountId() != request.MemberId)
        {
            await Send.ResultAsync(Problems.Forbidden("Agents set only their own presence: use your own member id, or ask an admin."));
            return;
        }
        if (await directory.FindMemberAsync(request.MemberId, cancellationToken) is null)
        {
            await Send.ResultAsync(Problems.NotFound("member", request.MemberId));
            return;
        }

        // Through the agent's grain, one writer of presence with the hand-back after the last console closed.
        await grains.GetGrain<IAgentGrain>(request.MemberId).SetPresenceAsync(request.Status?.Trim().ToLowerInvariant(), request.Capacity);
        await Send.OkAsync((await store.FindAsync(request.MemberId, cancellationToken))!, cancellationToken);
    }
}
