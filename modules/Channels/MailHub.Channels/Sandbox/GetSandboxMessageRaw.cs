using FastEndpoints;
using Microsoft.AspNetCore.Http;

namespace MailHub.Channels.Sandbox;

/// <summary>GET /api/sandbox/messages/{id}/raw.</summary>
internal sealed class GetSandboxMessageRaw(SandboxStore store) : Endpoint<SandboxMessageIdRequest>
{
    public override void Configure()
    {
        Get("/sandbox/messages/{id:guid}/raw");
        Roles(MailHub.Core.Accounts.Roles.AllTeams); // every team's mail: admins and supervisors
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK).Produces<IFormFile>(StatusCodes.Status200OK, "message/rfc822")
            .ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "A captured message exactly as it would have been sent.";
            s.Description = "message/rfc822, the bytes the SMTP server would have received. 404 when nothing with that id is in the sandbox.";
        });
    }

    public override async Task HandleAsync(SandboxMessageIdRequest request, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(request.Id, cancellationToken) is { } found)
            await Send.BytesAsync(found.Content, contentType: "message/rfc822", cancellation: cancellationToken);
        else
            await Send.ResultAsync(SandboxProblems.NotFound(request.Id));
    }
}
