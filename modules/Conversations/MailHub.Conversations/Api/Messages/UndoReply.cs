using FastEndpoints;
using MailHub.Conversations.Api.Drafts;
using MailHub.Conversations.Domain;
using MailHub.Conversations.Reading;
using MailHub.Conversations.Replies;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Api.Messages;

/// <summary>POST /api/messages/{id}/undo: the agent takes back a reply within its undo window.</summary>
internal sealed class UndoReply(ConversationQueries queries, ConversationAccessGuard guard, IGrainFactory grains, UploadStore uploads)
    : Endpoint<MessageRequest, DraftResponse>
{
    public override void Configure()
    {
        Post("/messages/{id:guid}/undo");
        Description(d => d.ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict));
        Summary(s =>
        {
            s.Summary = "Undo a reply you just sent.";
            s.Description = "Until the reply's undoUntil the outbox holds it: undo withdraws it (it is never sent and leaves the "
                + "conversation) and gives back the draft it was sent from, saved again as your draft of the conversation. Answers "
                + "200 with that draft; 404 for an unknown id or a message that is not a reply; 403 for a conversation of another "
                + "team; 409 when the window is over (it is being sent, or was) or the reply is another agent's.";
        });
    }

    public override async Task HandleAsync(MessageRequest request, CancellationToken cancellationToken)
    {
        var message = await queries.MessageAsync(request.Id, cancellationToken);
        if (message is null || message.Direction != Direction.Outbound)
        {
            await Send.ResultAsync(Problems.NotFound("reply", request.Id));
            return;
        }
        var (_, refusal) = await guard.CheckAsync(User, message.ConversationId, cancellationToken);
        if (refusal is not null)
        {
            await Send.ResultAsync(refusal);
            return;
        }
        var (draft, failed) = await ConversationRefusals.RunAsync(message.ConversationId, "id",
            () => grains.GetGrain<IConversationCommandsGrain>(message.ConversationId).UndoReplyAsync(request.Id, Actor.Of(User)));
        if (failed is not null)
        {
            await Send.ResultAsync(failed);
            return;
        }
        var files = await uploads.DescribeAsync(draft!.Attachments, cancellationToken);
        await Send.ResultAsync(TypedResults.Ok(DraftResponse.Of(draft, files, DateTimeOffset.UtcNow)));
    }
}
