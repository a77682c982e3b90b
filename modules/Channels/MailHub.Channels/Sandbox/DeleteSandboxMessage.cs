using FastEndpoints;
using Microsoft.AspNetCore.Http;
using Role = MailHub.Core.Accounts.Roles;

namespace MailHub.Channels.Sandbox;

/// <summary>DELETE /api/sandbox/messages/{id}.</summary>
internal sealed class DeleteSandboxMessage(SandboxStore store) : Endpoint<SandboxMessageIdRequest>
{
    public override void Configure()
    {
        Delete("/sandbox/messages/{id:guid}");
        Roles(Role.Admin);
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK).Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "Delete one captured message.";
            s.Description = "Answers 204; 404 when nothing with that id is in the sandbox (already deleted, or never captured).";
        });
    }

    public override async Task HandleAsync(SandboxMessageIdRequest request, CancellationToken cancellationToken)
    {
        if (await store.DeleteAsync(request.Id, cancellationToken))
            await Send.NoContentAsync(cancellationToken);
        else
            await Send.ResultAsync(SandboxProblems.NotFound(request.Id));
    }
}
