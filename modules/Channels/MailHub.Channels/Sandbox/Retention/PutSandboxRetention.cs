using FastEndpoints;
using Role = MailHub.Core.Accounts.Roles;

namespace MailHub.Channels.Sandbox.Retention;

/// <summary>PUT /api/sandbox/retention.</summary>
internal sealed class PutSandboxRetention(SandboxRetention retention) : Endpoint<RetentionPolicy, RetentionPolicy>
{
    public override void Configure()
    {
        Put("/sandbox/retention");
        Roles(Role.Admin);
        Summary(s =>
        {
            s.Summary = "Set how much captured mail the sandbox keeps.";
            s.Description = "{default: {maxMessages, maxAgeHours}, mailboxes: [{mailboxId, maxMessages, maxAgeHours}]}: each mailbox's own "
                + "limits, the default for the others (and captures of no mailbox); a limit left out keeps that much. Enforced in the "
                + "background every MailHub:Sandbox:RetentionInterval (1 minute), oldest captures first. Received mail is not touched.";
        });
    }

    public override async Task HandleAsync(RetentionPolicy request, CancellationToken cancellationToken) =>
        await Send.OkAsync(await retention.SetAsync(request, cancellationToken), cancellationToken);
}
