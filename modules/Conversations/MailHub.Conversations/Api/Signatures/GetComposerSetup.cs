using FastEndpoints;
using MailHub.Conversations.Domain;
using MailHub.Conversations.Replies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace MailHub.Conversations.Api.Signatures;

/// <summary>GET /api/conversations/{id}/composer: what the composer needs for this conversation: signatures and limits.</summary>
internal sealed class GetComposerSetup(ConversationAccessGuard guard, SignatureStore signatures, IOptions<ConversationsOptions> options)
    : Endpoint<Drafts.ConversationDraftRequest, ComposerSetupResponse>
{
    public override void Configure()
    {
        Get("/conversations/{id:guid}/composer");
        Description(d => d.ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "What the composer needs in this conversation.";
            s.Description = "The conversation's mailbox's signature and your own (each null when not set), which the composer puts "
                + "below the reply, the agent's above the mailbox's; the largest attachment POST /api/attachments takes (maxUploadBytes), "
                + "shown before an upload; and the undo window in seconds. Answers 403 for a conversation of another team, 404 for an unknown id.";
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
        await Send.OkAsync(new ComposerSetupResponse(Of(mailbox), Of(agent), options.Value.MaxUploadBytes,
            (int)Math.Ceiling(options.Value.UndoWindow.TotalSeconds)), cancellationToken);
    }

    private static SignatureResponse? Of(Signature? s) => s is null ? null : new SignatureResponse(s.Text, s.Html);
}
