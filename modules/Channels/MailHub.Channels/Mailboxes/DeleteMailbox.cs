using FastEndpoints;
using Microsoft.AspNetCore.Http;
using Role = MailHub.Core.Accounts.Roles;

namespace MailHub.Channels.Mailboxes;

/// <summary>DELETE /api/channels/mailboxes/{id}.</summary>
internal sealed class DeleteMailbox(MailboxStore store) : Endpoint<MailboxIdRequest>
{
    public override void Configure()
    {
        Delete("/channels/mailboxes/{id:guid}");
        Roles(Role.Admin);
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK).Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "Disconnect a mailbox.";
            s.Description = "Its sync stops and its addresses are no longer claimed; mail already received stays. Answers 204; "
                + "404 when there is no such mailbox.";
        });
    }

    public override async Task HandleAsync(MailboxIdRequest request, CancellationToken cancellationToken)
    {
        if (await store.DeleteAsync(request.Id, cancellationToken))
            await Send.NoContentAsync(cancellationToken);
        else
            await Send.ResultAsync(MailboxProblems.NotFound(request.Id));
    }
}
