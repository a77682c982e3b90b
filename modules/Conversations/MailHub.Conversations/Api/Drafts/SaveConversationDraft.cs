using FastEndpoints;
using MailHub.Conversations.Domain;
using MailHub.Conversations.Replies;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Api.Drafts;

/// <summary>PUT /api/conversations/{id}/draft: saves what the agent is composing, as they type.</summary>
internal sealed class SaveConversationDraft(ConversationAccessGuard guard, DraftStore drafts, UploadStore uploads)
    : Endpoint<SaveDraftRequest, DraftResponse>
{
    public override void Configure()
    {
        Put("/conversations/{id:guid}/draft");
        Description(d => d.ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "Save your draft in this conversation.";
            s.Description = "Replaces your draft (other agents' drafts are theirs) and answers it with the time it was saved. "
                + "Answers 400 for an unknown mode or a body too large, 403 for a conversation of another team, 404 for an unknown id.";
        });
    }

    public override async Task HandleAsync(SaveDraftRequest request, CancellationToken cancellationToken)
    {
        var (_, refusal) = await guard.CheckAsync(User, request.Id, cancellationToken);
        if (refusal is not null)
        {
            await Send.ResultAsync(refusal);
            return;
        }
        var draft = request.ToDraft();
        var at = await drafts.SaveAsync(request.Id, Actor.Of(User).Id, draft, cancellationToken);
        await Send.ResultAsync(TypedResults.Ok(DraftResponse.Of(draft, await uploads.DescribeAsync(draft.Attachments, cancellationToken), at)));
    }
}
