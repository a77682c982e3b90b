using FastEndpoints;
using MailHub.Conversations.Domain;
using MailHub.Conversations.Replies;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Api.Signatures;

/// <summary>GET /api/conversations/{id}/signatures: what the composer puts below a reply in this conversation.</summary>
internal sealed class GetConversationSignatures(ConversationAccessGuard guard, SignatureStore signatures)
    : Endpoint<Drafts.ConversationDraftRequest, ConversationSignaturesResponse>
{
    public override void Configure()
    {
        Get("/conversations/{id:guid}/signatures");
        Description(d => d.ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "The signatures of a reply in this conversation.";
            s.Description = "The conversation's mailbox's signature and your own (each null when not set), which the composer puts "
                + "below the reply, the agent's above the mailbox's. Answers 403 for a conversation of another team, 404 for an unknown id.";
        });
    }

    public override async Task HandleAsync(Drafts.ConversationDraftRequest request, CancellationToken cancellationToken)
    {
        var (conversation, refusal) = await guard.CheckAsync(User, request.Id, cancellationToken);
        if (refusal is not null)
        {
            await Send.ResultAsync(refusal);
            return;
        }
        var mailbox = await signatures.FindAsync(SignatureOwner.Mailbox, conversation!.MailboxId, cancellationToken);
        var agent = await signatures.FindAsync(SignatureOwner.Agent, Actor.Of(User).Id, cancellationToken);
        await Send.OkAsync(new ConversationSignaturesResponse(Of(mailbox), Of(agent)), cancellationToken);
    }

    private static SignatureResponse? Of(Signature? s) => s is null ? null : new SignatureResponse(s.Text, s.Html);
}
