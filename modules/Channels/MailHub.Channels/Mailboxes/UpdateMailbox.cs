using FastEndpoints;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Role = MailHub.Core.Accounts.Roles;

namespace MailHub.Channels.Mailboxes;

/// <summary>PUT /api/channels/mailboxes/{id}.</summary>
internal sealed class UpdateMailbox(MailboxStore store, IOptions<SandboxOptions> sandbox) : Endpoint<UpdateMailboxRequest, MailboxResponse>
{
    public override void Configure()
    {
        Put("/channels/mailboxes/{id:guid}");
        Roles(Role.Admin);
        Description(d => d.ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "Change a mailbox.";
            s.Description = "The same settings as when connecting it; passwords left out are kept. Answers the changed mailbox; "
                + "400 names each field to correct, 404 when there is no such mailbox.";
        });
    }

    public override async Task HandleAsync(UpdateMailboxRequest request, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(request.Id, cancellationToken) is not { } existing)
        {
            await Send.ResultAsync(MailboxProblems.NotFound(request.Id));
            return;
        }
        var errors = new Dictionary<string, string[]>();
        if (MailboxForm.Validate(request, sandbox.Value.Domain, existing, errors) is not { } draft)
        {
            await Send.ResultAsync(Results.ValidationProblem(errors));
            return;
        }
        Mailbox? mailbox;
        try
        {
            mailbox = await store.UpdateAsync(request.Id, draft, cancellationToken);
        }
        catch (AddressTakenException e)
        {
            await Send.ResultAsync(Problems.Invalid(e.Field, e.Message));
            return;
        }
        if (mailbox is null)
            await Send.ResultAsync(MailboxProblems.NotFound(request.Id));
        else
            await Send.OkAsync(MailboxResponse.Of(mailbox), cancellationToken);
    }
}
