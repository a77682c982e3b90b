using FastEndpoints;
using MailHub.Core.Http;
using MailHub.Routing.Contracts;
using Microsoft.AspNetCore.Http;

namespace MailHub.Routing.Presence;

/// <summary>GET /api/conversations/{id}/viewers.</summary>
internal sealed record ConversationViewersRequest([property: RouteParam] Guid Id);

/// <summary>An agent on a conversation, as <c>GET /api/conversations/{id}/viewers</c> lists them.</summary>
internal sealed record ConversationViewerResponse(Guid AgentId, string AgentName, ConversationActivity Activity, DateTimeOffset Since);

internal sealed class ListConversationViewers(IConversationAccess access, IGrainFactory grains)
    : Endpoint<ConversationViewersRequest, IReadOnlyList<ConversationViewerResponse>>
{
    public override void Configure()
    {
        Get("/conversations/{id:guid}/viewers");
        Description(d => d.ProducesProblem(StatusCodes.Status403Forbidden));
        Summary(s =>
        {
            s.Summary = "Who is viewing or replying to the conversation now (\"X is viewing / replying\"), longest there first.";
            s.Description = "The \"activity\" pushes of the live connection tell of changes from then on. 403 when the conversation "
                + "belongs to a team the caller is not in.";
        });
    }

    public override async Task HandleAsync(ConversationViewersRequest request, CancellationToken cancellationToken)
    {
        if (!await access.CanSeeAsync(User, request.Id, cancellationToken))
        {
            await Send.ResultAsync(Problems.Forbidden("The conversation belongs to a team you are not in: ask an admin or someone of that team."));
            return;
        }
        var viewers = await grains.GetGrain<IConversationViewersGrain>(request.Id).ListAsync();
        await Send.OkAsync([.. viewers.Select(v => new ConversationViewerResponse(v.AgentId, v.AgentName, v.Activity, v.Since))], cancellationToken);
    }
}
