using FastEndpoints;
using MailHub.Core.Accounts;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Role = MailHub.Core.Accounts.Roles;

namespace MailHub.Channels.Mailboxes;

/// <summary>POST /api/channels/mailboxes/test: try settings before saving them.</summary>
internal sealed class TestMailboxSettings(ConnectionTest test, ConnectionTestProgress progress, IOptions<SandboxOptions> sandbox)
    : Endpoint<MailboxTestRequest, ConnectionTestReport>
{
    public override void Configure()
    {
        Post("/channels/mailboxes/test");
        Roles(Role.Admin);
        Options(b => b.RequireRateLimiting(RateLimitPolicies.ConnectionTest));
        Description(d => d.ProducesProblem(StatusCodes.Status429TooManyRequests));
        Summary(s =>
        {
            s.Summary = "Test mailbox settings before saving them.";
            s.Description = "Resolves, connects, negotiates TLS, logs in and opens each folder, then the same for SMTP, and answers each step "
                + "with what to do if it failed (a failed step is still 200, with ok false). 400 when the settings are incomplete; "
                + "rate limited (429 with Retry-After). With progress (an id the console chose), each step is also pushed to the caller's "
                + "consoles as \"mailboxTest\" {progress, step} as soon as it is known.";
        });
    }

    public override async Task HandleAsync(MailboxTestRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (MailboxForm.Validate(request.Settings, sandbox.Value.Domain, null, errors) is not { } draft)
        {
            await Send.ResultAsync(Results.ValidationProblem(errors));
            return;
        }
        var now = DateTimeOffset.UtcNow;
        var mailbox = new Mailbox(Guid.Empty, draft.Name, draft.Address, draft.DisplayName, draft.Provider, draft.Enabled, draft.Config,
            draft.InboundPassword is not null, draft.OutboundPassword is not null, MailboxStatuses.Connecting, null, null, null, now, now);
        var steps = await test.RunAsync(mailbox, new MailboxSecrets(draft.InboundPassword, draft.OutboundPassword), cancellationToken,
            progress.For(request.Progress, User.AccountId()));
        await Send.OkAsync(ConnectionTestReport.Of(steps), cancellationToken);
    }
}
