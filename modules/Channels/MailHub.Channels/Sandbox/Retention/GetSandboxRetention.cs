using FastEndpoints;

namespace MailHub.Channels.Sandbox.Retention;

/// <summary>GET /api/sandbox/retention.</summary>
internal sealed class GetSandboxRetention(SandboxRetention retention) : EndpointWithoutRequest<RetentionPolicy>
{
    public override void Configure()
    {
        Get("/sandbox/retention");
        Roles(MailHub.Core.Accounts.Roles.AllTeams); // the sandbox's readers: admins and supervisors
        Summary(s =>
        {
            s.Summary = "How much captured mail the sandbox keeps.";
            s.Description = "The default limits (maxMessages, newest kept; maxAgeHours) and each sandbox mailbox's own; nothing set keeps everything.";
        });
    }

    public override async Task HandleAsync(CancellationToken cancellationToken) =>
        await Send.OkAsync(await retention.GetAsync(cancellationToken), cancellationToken);
}
