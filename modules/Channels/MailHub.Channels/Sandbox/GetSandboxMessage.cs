using FastEndpoints;
using MailHub.Mail.Mime;
using Microsoft.AspNetCore.Http;

namespace MailHub.Channels.Sandbox;

/// <summary>GET /api/sandbox/messages/{id}.</summary>
internal sealed class GetSandboxMessage(SandboxStore store) : Endpoint<SandboxMessageIdRequest, SandboxMessageResponse>
{
    public override void Configure()
    {
        Get("/sandbox/messages/{id:guid}");
        Roles(MailHub.Core.Accounts.Roles.AllTeams); // every team's mail: admins and supervisors
        Description(d => d.ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "One captured message, parsed, with its envelope (it is marked read).";
            s.Description = "The message as a person reads it (the `mailhub parse` schema, with inReplyTo and references) and the envelope "
                + "it would have been sent with. 404 when nothing with that id is in the sandbox.";
        });
    }

    public override async Task HandleAsync(SandboxMessageIdRequest request, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(request.Id, cancellationToken) is not { } found)
        {
            await Send.ResultAsync(SandboxProblems.NotFound(request.Id));
            return;
        }
        if (found.Item.ReadAt is null)
            await store.UpdateAsync(request.Id, read: true, tags: null, cancellationToken); // opened is read, as in Mailpit
        using var mail = MailReader.Load(found.Content);
        await Send.OkAsync(SandboxMessageResponse.Of(found.Item, MessageReading.Of(mail)), cancellationToken);
    }
}
