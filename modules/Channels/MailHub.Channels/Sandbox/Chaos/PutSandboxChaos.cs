using System.Security.Claims;
using FastEndpoints;
using Role = MailHub.Core.Accounts.Roles;

namespace MailHub.Channels.Sandbox.Chaos;

/// <summary>PUT /api/sandbox/chaos.</summary>
internal sealed class PutSandboxChaos(SandboxChaos chaos) : Endpoint<ChaosRules, ChaosRulesResponse>
{
    public override void Configure()
    {
        Put("/sandbox/chaos");
        Roles(Role.Admin);
        Summary(s =>
        {
            s.Summary = "Set the sandbox's failure-injection rules (all of them).";
            s.Description = "Replaces every rule; {rules: []} turns injection off. Inbound rules act on the SMTP listener, only for sandbox "
                + "addresses (RCPT, DATA) and sandbox endpoints (MailHub:Smtp:Endpoints:N:Sandbox, every stage), never on a real mailbox's "
                + "traffic: at a stage (connect, ehlo, auth, mail, rcpt, data) they reply with code and text, delay, or drop the connection. "
                + "Outbound rules act on captures: reply answers a matching recipient with code and text (4xx is retried by the outbox, 5xx "
                + "fails it), bounce captures it and delivers a delivery status notification (RFC 3464) to the sending mailbox delaySeconds "
                + "later. Every node uses the new rules at once (the others within MailHub:Sandbox:ChaosRefresh at the latest). 400 with "
                + "errors keyed by rules[n].field for a rule that cannot work. A connect, ehlo, auth or mail rule is taken but acts only on "
                + "endpoints marked Sandbox (no recipient is known yet at those stages): the answer's notes say so, and sandboxEndpoints "
                + "lists this node's.";
        });
    }

    public override async Task HandleAsync(ChaosRules request, CancellationToken cancellationToken) =>
        await Send.OkAsync(await chaos.SetAsync(request.Rules, User.FindFirstValue(ClaimTypes.Name) ?? User.FindFirstValue(ClaimTypes.Email),
            cancellationToken), cancellationToken);
}
