using FastEndpoints;
using Microsoft.AspNetCore.Http;
using Role = MailHub.Core.Accounts.Roles;

namespace MailHub.Channels.Sandbox.Ephemeral;

/// <summary>Which ephemeral mailbox: its id (the mailbox's).</summary>
internal sealed record EphemeralMailboxId
{
    [RouteParam]
    public Guid Id { get; init; }
}

/// <summary>DELETE /api/sandbox/mailboxes/{id}.</summary>
internal sealed class DeleteEphemeralMailbox(EphemeralMailboxes ephemeral) : Endpoint<EphemeralMailboxId>
{
    public override void Configure()
    {
        Delete("/sandbox/mailboxes/{id:guid}");
        Roles(Role.Admin);
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK).Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "Delete an ephemeral sandbox mailbox now.";
            s.Description = "As its expiry would: its captured mail, then the mailbox (its address is refused from then on). 204; 404 when the id "
                + "is not an ephemeral mailbox (an ordinary one is deleted with DELETE /api/channels/mailboxes/{id}).";
        });
    }

    public override async Task HandleAsync(EphemeralMailboxId request, CancellationToken cancellationToken)
    {
        if (!await ephemeral.DeleteAsync(request.Id, cancellationToken))
        {
            await Send.ResultAsync(Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such ephemeral mailbox",
                detail: $"{request.Id} is not an ephemeral sandbox mailbox (or it expired already); GET /api/sandbox/mailboxes lists them."));
            return;
        }
        await Send.NoContentAsync(cancellationToken);
    }
}
