using FastEndpoints;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Role = MailHub.Core.Accounts.Roles;

namespace MailHub.Channels.Mailboxes;

/// <summary>PUT /api/channels/mailboxes/{id}.</summary>
internal sealed class UpdateMailbox(MailboxStore store, IOptions<SandboxOptions> sandbox) : Endpoint<MailboxRequest, MailboxResponse>
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

    public override async Task HandleAsync(MailboxRequest request, CancellationToken cancellationToken)
    {
        // The id is read from the route rather than bound into the request, so the body's schema is the one of POST.
        var id = Route<Guid>("id");
        if (await store.FindAsync(id, cancellationToken) is not { } existing)
        {
            await Send.ResultAsync(MailboxProblems.NotFound(id));
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
            mailbox = await store.UpdateAsync(id, draft, cancellationToken);
        }
        catch (AddressTakenException e)
        {
            await Send.ResultAsync(Problems.Invalid(e.Field, e.Message));
            return;
        }
        if (mailbox is null)
            await Send.ResultAsync(MailboxProblems.NotFound(id));
        else
            await Send.OkAsync(MailboxResponse.Of(mailbox, await store.HealthOfAsync(mailbox.Id, cancellationToken)), cancellationToken);
    }
}
