using FastEndpoints;
using Microsoft.AspNetCore.Http;

namespace MailHub.Channels.Mailboxes;

/// <summary>GET /api/channels/mailboxes/{id}.</summary>
internal sealed class GetMailbox(MailboxStore store) : Endpoint<MailboxIdRequest, MailboxResponse>
{
    public override void Configure()
    {
        Get("/channels/mailboxes/{id:guid}");
        Description(d => d.ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "One mailbox with its status.";
            s.Description = "The mailbox's settings and status (connecting, syncing, idle, error with statusMessage, lastSuccessAt, verifiedAt) and health; "
                + "404 when there is no such mailbox.";
        });
    }

    public override async Task HandleAsync(MailboxIdRequest request, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(request.Id, cancellationToken) is { } mailbox)
            await Send.OkAsync(MailboxResponse.Of(mailbox, await store.HealthOfAsync(mailbox.Id, cancellationToken)), cancellationToken);
        else
            await Send.ResultAsync(MailboxProblems.NotFound(request.Id));
    }
}
