using FastEndpoints;
using MailHub.Conversations.Domain;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Api;

/// <summary>The conversation a status change (close, reopen, pending) is for.</summary>
internal sealed record ConversationStatusRequest([property: RouteParam] Guid Id);

/// <summary>The conversation's status after the change.</summary>
internal sealed record ConversationStatusResponse(Guid Id, string Status);

/// <summary>
/// POST /api/conversations/{id}/{verb}: moves the conversation to one status (<see cref="CloseConversation"/>,
/// <see cref="ReopenConversation"/>, <see cref="SetConversationPending"/>); nothing changes when it is there already.
/// </summary>
internal abstract class ConversationStatusEndpoint(ConversationAccessGuard guard, IGrainFactory grains, string verb, string status)
    : Endpoint<ConversationStatusRequest, ConversationStatusResponse>
{
    protected abstract string StatusDescription { get; }

    public override void Configure()
    {
        Post($"/conversations/{{id:guid}}/{verb}");
        Description(d => d.ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = $"Set the conversation's status to {status}.";
            s.Description = StatusDescription + " Setting the status it already has changes nothing. Answers the status; 403 for a "
                + "conversation of another team, 404 for an unknown id.";
        });
    }

    public override async Task HandleAsync(ConversationStatusRequest request, CancellationToken cancellationToken)
    {
        var (_, refusal) = await guard.CheckAsync(User, request.Id, cancellationToken);
        if (refusal is not null)
        {
            await Send.ResultAsync(refusal);
            return;
        }
        var (now, failed) = await ConversationRefusals.RunAsync(request.Id, "id",
            () => grains.GetGrain<IConversationCommandsGrain>(request.Id).SetStatusAsync(status, Actor.Of(User)));
        if (failed is not null)
        {
            await Send.ResultAsync(failed);
            return;
        }
        await Send.OkAsync(new ConversationStatusResponse(request.Id, now!), cancellationToken);
    }
}
