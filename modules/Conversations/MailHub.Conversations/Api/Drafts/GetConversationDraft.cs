using FastEndpoints;
using MailHub.Conversations.Domain;
using MailHub.Conversations.Replies;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Api.Drafts;

/// <summary>GET /api/conversations/{id}/draft: the signed-in agent's draft, to restore the composer on return.</summary>
internal sealed class GetConversationDraft(ConversationAccessGuard guard, DraftStore drafts, UploadStore uploads)
    : Endpoint<ConversationDraftRequest, DraftResponse>
{
    public override void Configure()
    {
        Get("/conversations/{id:guid}/draft");
        Description(d => d.ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "Your draft of a reply, forward or note in this conversation.";
            s.Description = "Each agent has one draft per conversation, saved as they type (PUT) and deleted when they send. "
                + "Without one it answers an empty reply draft whose updatedAt is null. Answers 403 for a conversation of another "
                + "team, 404 for an unknown id.";
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
        var saved = await drafts.FindAsync(request.Id, Actor.Of(User).Id, cancellationToken);
        if (saved is null)
        {
            await Send.ResultAsync(TypedResults.Ok(DraftResponse.Empty));
            return;
        }
        var files = await uploads.DescribeAsync(saved.Draft.Attachments, cancellationToken);
        await Send.ResultAsync(TypedResults.Ok(DraftResponse.Of(saved.Draft, files, saved.UpdatedAt)));
    }
}
