using FastEndpoints;
using MailHub.Conversations.Domain;
using MailHub.Conversations.Replies;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Api.Drafts;

/// <summary>DELETE /api/conversations/{id}/draft: the agent discards their draft.</summary>
internal sealed class DeleteConversationDraft(ConversationAccessGuard guard, DraftStore drafts) : Endpoint<ConversationDraftRequest>
{
    public override void Configure()
    {
        Delete("/conversations/{id:guid}/draft");
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK).Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "Discard your draft in this conversation.";
            s.Description = "Answers 204 whether or not there was one; 403 for a conversation of another team, 404 for an unknown id.";
        });
    }

    public override async Task HandleAsync(ConversationDraftRequest request, CancellationToken cancellationToken)
    {
        var (_, refusal) = await guard.CheckAsync(User, request.Id, cancellationToken);
        if (refusal is not null)
        {
            await Send.ResultAsync(refusal);
            return;
        }
        await drafts.DeleteAsync(request.Id, Actor.Of(User).Id, cancellationToken);
        await Send.NoContentAsync(cancellationToken);
    }
}
