using FastEndpoints;
using MailHub.Channels.Mailboxes;
using MailHub.Channels.Outbox;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace MailHub.Channels.Sandbox;

/// <summary>GET /api/sandbox/messages/wait: long-polls until a capture matches, for QA scripts.</summary>
internal sealed class WaitForSandboxMessage(SandboxStore store, SandboxSignal signal, IOptions<SandboxOptions> options)
    : Endpoint<SandboxWaitRequest, SandboxMessageItem>
{
    public override void Configure()
    {
        Get("/sandbox/messages/wait");
        Roles(MailHub.Core.Accounts.Roles.AllTeams); // every team's mail: admins and supervisors
        Description(d => d.ProducesProblem(StatusCodes.Status408RequestTimeout));
        Summary(s =>
        {
            s.Summary = "Wait until a captured message matches, and answer it.";
            s.Description = "Filters as the list (to, from, subject, since, mailbox); answers the newest match as soon as there is one, "
                + "on whichever node it was captured, or 408 after timeout seconds (default 30, at most 300).";
        });
    }

    public override async Task HandleAsync(SandboxWaitRequest request, CancellationToken cancellationToken)
    {
        var wait = TimeSpan.FromSeconds(request.Timeout ?? SandboxWaitRequest.DefaultSeconds);
        var deadline = DateTimeOffset.UtcNow + wait;
        var query = new SandboxQuery(request.To, request.From, request.Subject, request.Q, request.Since, request.Mailbox, 1, null);
        var recheck = options.Value.WaitRecheck;
        while (true)
        {
            var next = signal.Next;
            IReadOnlyList<SandboxListItem> items;
            try
            {
                (items, _, _) = await store.ListAsync(query, cancellationToken);
            }
            catch (Search.SandboxSearchException e)
            {
                await Send.ResultAsync(SandboxProblems.BadSearch(e.Message));
                return;
            }
            if (items.Count > 0)
            {
                await Send.OkAsync(SandboxMessageItem.Of(items[0]), cancellationToken);
                return;
            }
            var left = deadline - DateTimeOffset.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                await Send.ResultAsync(Results.Problem(statusCode: StatusCodes.Status408RequestTimeout, title: "Nothing captured yet",
                    detail: $"No captured message matched within {wait.TotalSeconds:0.#} s: check the filters, or whether the message was sent at all (GET /api/sandbox/messages)."));
                return;
            }
            await Signal.WaitAsync(next, left < recheck ? left : recheck, cancellationToken);
        }
    }
}
