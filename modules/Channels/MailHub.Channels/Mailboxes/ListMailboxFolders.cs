using FastEndpoints;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Role = MailHub.Core.Accounts.Roles;

namespace MailHub.Channels.Mailboxes;

/// <summary>GET /api/channels/mailboxes/{id}/folders: the folders on a saved mailbox's server (editing its options).</summary>
internal sealed class ListMailboxFolders(MailboxStore store) : Endpoint<MailboxIdRequest, ServerFoldersResponse>
{
    public override void Configure()
    {
        Get("/channels/mailboxes/{id:guid}/folders");
        Roles(Role.Admin);
        Options(b => b.RequireRateLimiting(RateLimitPolicies.ConnectionTest));
        Description(d => d.ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status429TooManyRequests));
        Summary(s =>
        {
            s.Summary = "List the folders on a saved mailbox's server.";
            s.Description = "Logs in to the mailbox's IMAP server with its stored credentials and answers its folders with their special use "
                + "(sent, trash ...); POP3, relay and sandbox mailboxes have only INBOX. 404 when there is no such mailbox; 502 with what "
                + "to do when the server refused; rate limited (429 with Retry-After).";
        });
    }

    public override async Task HandleAsync(MailboxIdRequest request, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(request.Id, cancellationToken) is not { } mailbox)
        {
            await Send.ResultAsync(MailboxProblems.NotFound(request.Id));
            return;
        }
        var secrets = await store.SecretsAsync(request.Id, cancellationToken);
        await Send.ResultAsync(await ListServerFolders.FoldersAsync(mailbox.Config, secrets.Inbound ?? "", cancellationToken));
    }
}
