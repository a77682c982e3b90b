using FastEndpoints;
using MailHub.Core.Http;
using MailHub.Mail.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Role = MailHub.Core.Accounts.Roles;

namespace MailHub.Channels.Mailboxes;

/// <summary>POST /api/channels/mailboxes/folders: the folders on the server of settings not saved yet (the wizard's options).</summary>
internal sealed class ListServerFolders(IOptions<SandboxOptions> sandbox) : Endpoint<MailboxRequest, ServerFoldersResponse>
{
    public override void Configure()
    {
        Post("/channels/mailboxes/folders");
        Roles(Role.Admin);
        Options(b => b.RequireRateLimiting(RateLimitPolicies.ConnectionTest));
        Description(d => d.ProducesProblem(StatusCodes.Status502BadGateway).ProducesProblem(StatusCodes.Status429TooManyRequests));
        Summary(s =>
        {
            s.Summary = "List the folders on the server of mailbox settings before saving them.";
            s.Description = "Logs in to the IMAP server with the settings given (the body of POST /api/channels/mailboxes) and answers its "
                + "folders with their special use (sent, trash ...), to choose the folders to sync; POP3 reaches only INBOX. "
                + "400 when the settings are incomplete; 502 with what to do when the server refused; rate limited (429 with Retry-After).";
        });
    }

    public override async Task HandleAsync(MailboxRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (MailboxForm.Validate(request, sandbox.Value.Domain, null, errors) is not { } draft)
        {
            await Send.ResultAsync(Results.ValidationProblem(errors));
            return;
        }
        await Send.ResultAsync(await FoldersAsync(draft.Config, draft.InboundPassword ?? "", cancellationToken));
    }

    /// <summary>The folders, or the server's refusal as a 502 problem whose detail says what to do.</summary>
    public static async Task<IResult> FoldersAsync(MailboxConfig config, string secret, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(new ServerFoldersResponse(await ServerFolders.ListAsync(config, secret, cancellationToken)));
        }
        catch (MailProtocolException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "The mail server refused", detail: e.Message);
        }
    }
}
