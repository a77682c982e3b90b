using FastEndpoints;
using MailHub.Channels.Sync;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;
using Role = MailHub.Core.Accounts.Roles;

namespace MailHub.Channels.Mailboxes;

/// <summary>POST /api/channels/mailboxes/{id}/reconnect: try again now after the cause of an error was fixed at the provider.</summary>
internal sealed class ReconnectMailbox(MailboxStore store, IGrainFactory grains) : Endpoint<MailboxIdRequest>
{
    public override void Configure()
    {
        Post("/channels/mailboxes/{id:guid}/reconnect");
        Roles(Role.Admin);
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK).Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict));
        Summary(s =>
        {
            s.Summary = "Reconnect a mailbox's sync now.";
            s.Description = "Restarts the sync of an enabled IMAP or POP3 mailbox at once on a new connection, without waiting out the back-off "
                + "after failures (e.g. after turning IMAP on or renewing the authorization code at the provider); its status says how it went. "
                + "Answers 204; 404 when there is no such mailbox; 409 when it is disabled or does not sync (relay, sandbox).";
        });
    }

    public override async Task HandleAsync(MailboxIdRequest request, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(request.Id, cancellationToken) is not { } mailbox)
        {
            await Send.ResultAsync(MailboxProblems.NotFound(request.Id));
            return;
        }
        if (!MailboxGrain.Syncs(mailbox))
        {
            await Send.ResultAsync(Problems.Conflict("enabled", mailbox.Enabled
                ? "Only IMAP and POP3 mailboxes sync: mail reaches a relay or sandbox mailbox through MailHub's SMTP listener."
                : "The mailbox is disabled: enable it to sync again."));
            return;
        }
        await store.SetStatusAsync(mailbox.Id, MailboxStatuses.Connecting, null, false, cancellationToken);
        await grains.GetGrain<IMailboxGrain>(mailbox.Id).RestartAsync();
        await Send.NoContentAsync(cancellationToken);
    }
}
