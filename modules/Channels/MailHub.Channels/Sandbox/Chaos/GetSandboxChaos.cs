using FastEndpoints;

namespace MailHub.Channels.Sandbox.Chaos;

/// <summary>GET /api/sandbox/chaos.</summary>
internal sealed class GetSandboxChaos(SandboxChaos chaos) : EndpointWithoutRequest<ChaosRulesResponse>
{
    public override void Configure()
    {
        Get("/sandbox/chaos");
        Roles(MailHub.Core.Accounts.Roles.AllTeams); // the sandbox's readers: admins and supervisors
        Summary(s =>
        {
            s.Summary = "The sandbox's failure-injection rules.";
            s.Description = "Every rule in force (the defaults filled in), with when and by whom they were last set; {rules: []} when "
                + "injection is off, as it is by default. Change them with PUT.";
        });
    }

    public override async Task HandleAsync(CancellationToken cancellationToken) =>
        await Send.OkAsync(await chaos.GetAsync(cancellationToken), cancellationToken);
}
