using FastEndpoints;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Role = MailHub.Core.Accounts.Roles;

namespace MailHub.Channels.Mailboxes;

/// <summary>POST /api/channels/mailboxes.</summary>
internal sealed class CreateMailbox(MailboxStore store, IOptions<SandboxOptions> sandbox) : Endpoint<MailboxRequest, MailboxResponse>
{
    public override void Configure()
    {
        Post("/channels/mailboxes");
        Roles(Role.Admin);
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK).Produces<MailboxResponse>(StatusCodes.Status201Created, "application/json"));
        Summary(s =>
        {
            s.Summary = "Connect a mailbox.";
            s.Description = "IMAP or POP3 (a provider preset fills the servers), relay (mail forwarded into MailHub's SMTP listener), "
                + "or a QA sandbox (only a name needed). Answers 201 with the mailbox and its Location; 400 names each field to correct, "
                + "including an address another mailbox already claims.";
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
        Mailbox mailbox;
        try
        {
            mailbox = await store.CreateAsync(draft, cancellationToken);
        }
        catch (AddressTakenException e)
        {
            await Send.ResultAsync(Problems.Invalid(e.Field, e.Message));
            return;
        }
        HttpContext.Response.Headers.Location = $"/api/channels/mailboxes/{mailbox.Id}";
        await Send.ResponseAsync(MailboxResponse.Of(mailbox, MailboxHealth.None), StatusCodes.Status201Created, cancellationToken);
    }
}
