using FastEndpoints;
using MailHub.Channels.Contracts;
using MailHub.Conversations.Replies;
using AccountRoles = MailHub.Core.Accounts.Roles;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Api.Signatures;

/// <summary>PUT /api/conversations/signatures/mailboxes/{mailboxId}: a mailbox's signature (admins).</summary>
internal sealed class SaveMailboxSignature(SignatureStore signatures, IMailboxDirectory mailboxes) : Endpoint<SaveMailboxSignatureRequest>
{
    public override void Configure()
    {
        Put("/conversations/signatures/mailboxes/{mailboxId:guid}");
        Roles(AccountRoles.Admin);
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK).Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "Set a mailbox's signature.";
            s.Description = "The company's signature for replies from this mailbox, put below every agent's reply by the composer; "
                + "empty text and html remove it. Admins only. Answers 204; 400 for more than 10,000 characters, 404 for an unknown mailbox.";
        });
    }

    public override async Task HandleAsync(SaveMailboxSignatureRequest request, CancellationToken cancellationToken)
    {
        if (await mailboxes.FindAsync(request.MailboxId, cancellationToken) is null)
        {
            await Send.ResultAsync(Problems.NotFound("mailbox", request.MailboxId));
            return;
        }
        await signatures.SaveAsync(SignatureOwner.Mailbox, request.MailboxId, new Signature(request.Text ?? "", request.Html), cancellationToken);
        await Send.NoContentAsync(cancellationToken);
    }
}
