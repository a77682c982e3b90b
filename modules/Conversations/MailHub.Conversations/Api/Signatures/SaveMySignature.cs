using FastEndpoints;
using MailHub.Conversations.Domain;
using MailHub.Conversations.Replies;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Api.Signatures;

/// <summary>PUT /api/conversations/signatures/mine: the signed-in agent's own signature.</summary>
internal sealed class SaveMySignature(SignatureStore signatures) : Endpoint<SaveSignatureRequest>
{
    public override void Configure()
    {
        Put("/conversations/signatures/mine");
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK).Produces(StatusCodes.Status204NoContent));
        Summary(s =>
        {
            s.Summary = "Set your signature.";
            s.Description = "Your signature, put below your replies by the composer above the mailbox's; empty text and html remove it. "
                + "Answers 204; 400 for more than 10,000 characters.";
        });
    }

    public override async Task HandleAsync(SaveSignatureRequest request, CancellationToken cancellationToken)
    {
        await signatures.SaveAsync(SignatureOwner.Agent, Actor.Of(User).Id, new Signature(request.Text ?? "", request.Html), cancellationToken);
        await Send.NoContentAsync(cancellationToken);
    }
}
