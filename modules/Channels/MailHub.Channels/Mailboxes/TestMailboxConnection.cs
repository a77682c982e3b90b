using FastEndpoints;
using MailHub.Core.Accounts;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Role = MailHub.Core.Accounts.Roles;

namespace MailHub.Channels.Mailboxes;

/// <summary>POST /api/channels/mailboxes/{id}/test: try a saved mailbox's servers.</summary>
internal sealed class TestMailboxConnection(MailboxStore store, ConnectionTest test, ConnectionTestProgress progress)
    : Endpoint<SavedMailboxTestRequest, ConnectionTestReport>
{
    public override void Configure()
    {
        Post("/channels/mailboxes/{id:guid}/test");
        Roles(Role.Admin);
        Options(b => b.RequireRateLimiting(RateLimitPolicies.ConnectionTest));
        Description(d => d.ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests));
        Summary(s =>
        {
            s.Summary = "Test a saved mailbox's servers with its stored credentials.";
            s.Description = "The same steps as testing settings before saving (resolve, connect, TLS, login, open folder, SMTP login), "
                + "each with what to do if it failed. 404 when there is no such mailbox; rate limited (429 with Retry-After). With progress (an id the console chose), each step "
                + "is also pushed to the caller's consoles as \"mailboxTest\" {progress, step} as soon as it is known.";
        });
    }

    public override async Task HandleAsync(SavedMailboxTestRequest request, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(request.Id, cancellationToken) is not { } mailbox)
        {
            await Send.ResultAsync(MailboxProblems.NotFound(request.Id));
            return;
        }
        var steps = await test.RunAsync(mailbox, await store.SecretsAsync(request.Id, cancellationToken), cancellationToken,
            progress.For(request.Progress, User.AccountId()));
        await Send.OkAsync(ConnectionTestReport.Of(steps), cancellationToken);
    }
}
