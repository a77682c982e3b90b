using FastEndpoints;
using Role = MailHub.Core.Accounts.Roles;

namespace MailHub.Channels.Sandbox;

/// <summary>DELETE /api/sandbox/messages.</summary>
internal sealed class DeleteSandboxMessages(SandboxStore store) : Endpoint<SandboxDeleteRequest, SandboxDeleted>
{
    public override void Configure()
    {
        Delete("/sandbox/messages");
        Roles(Role.Admin);
        Summary(s =>
        {
            s.Summary = "Empty the sandbox.";
            s.Description = "Deletes every captured message, or one mailbox's with ?mailbox=, e.g. between QA runs; answers how many were deleted.";
        });
    }

    public override async Task HandleAsync(SandboxDeleteRequest request, CancellationToken cancellationToken) =>
        await Send.OkAsync(new SandboxDeleted(await store.DeleteAllAsync(request.Mailbox, cancellationToken)), cancellationToken);
}
