using MailHub.Channels.Contracts;
using MailHub.Core.Accounts;
using MailHub.Mail.Outgoing;
using MimeKit;
using MimeKit.Utils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace MailHub.Channels.Mailboxes;

/// <summary>/api/channels/mailboxes: connect a company mailbox, test it, send a test mail through it.</summary>
internal static class MailboxEndpoints
{
    public sealed record TestSendRequest(string? To);

    public static void MapMailboxEndpoints(this IEndpointRouteBuilder api)
    {
        var mailboxes = api.MapGroup("/channels/mailboxes").WithTags("Channels");

        mailboxes.MapGet("/", async (MailboxStore store, CancellationToken cancellationToken) =>
            Results.Ok((await store.ListAsync(cancellationToken)).Select(MailboxJson.Of)))
        .WithSummary("The connected mailboxes with their status (secrets never included).");

        mailboxes.MapGet("/{id:guid}", async (Guid id, MailboxStore store, CancellationToken cancellationToken) =>
            await store.FindAsync(id, cancellationToken) is { } mailbox ? Results.Ok(MailboxJson.Of(mailbox)) : NotFound(id))
        .WithSummary("One mailbox with its status (connecting, syncing, idle, error + statusMessage, lastSuccessAt).");

        mailboxes.MapPost("/", async (MailboxRequest request, MailboxStore store, IOptions<SandboxOptions> sandbox, CancellationToken cancellationToken) =>
        {
            var errors = new Dictionary<string, string[]>();
            if (MailboxForm.Validate(request, sandbox.Value.Domain, null, errors) is not { } draft)
                return Results.ValidationProblem(errors);
            try
            {
                var mailbox = await store.CreateAsync(draft, cancellationToken);
                return Results.Created($"/api/channels/mailboxes/{mailbox.Id}", MailboxJson.Of(mailbox));
            }
            catch (AddressTakenException e)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { [e.Field] = [e.Message] });
            }
        })
        .RequireAuthorization(policy => policy.RequireRole(Roles.Admin))
        .WithSummary("Connect a mailbox: IMAP/POP3 (provider presets fill the servers), relay into the SMTP listener, or a QA sandbox.");

        mailboxes.MapPut("/{id:guid}", async (Guid id, MailboxRequest request, MailboxStore store, IOptions<SandboxOptions> sandbox,
            CancellationToken cancellationToken) =>
        {
            if (await store.FindAsync(id, cancellationToken) is not { } existing)
                return NotFound(id);
            var errors = new Dictionary<string, string[]>();
            if (MailboxForm.Validate(request, sandbox.Value.Domain, existing, errors) is not { } draft)
                return Results.ValidationProblem(errors);
            try
            {
                return await store.UpdateAsync(id, draft, cancellationToken) is { } mailbox ? Results.Ok(MailboxJson.Of(mailbox)) : NotFound(id);
            }
            catch (AddressTakenException e)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { [e.Field] = [e.Message] });
            }
        })
        .RequireAuthorization(policy => policy.RequireRole(Roles.Admin))
        .WithSummary("Change a mailbox; passwords left out are kept.");

        mailboxes.MapDelete("/{id:guid}", async (Guid id, MailboxStore store, CancellationToken cancellationToken) =>
            await store.DeleteAsync(id, cancellationToken) ? Results.NoContent() : NotFound(id))
        .RequireAuthorization(policy => policy.RequireRole(Roles.Admin))
        .WithSummary("Disconnect a mailbox: its sync stops and its addresses are no longer claimed (received mail stays).");

        mailboxes.MapPost("/test", async (MailboxRequest request, ConnectionTest test, IOptions<SandboxOptions> sandbox, CancellationToken cancellationToken) =>
        {
            var errors = new Dictionary<string, string[]>();
            if (MailboxForm.Validate(request, sandbox.Value.Domain, null, errors) is not { } draft)
                return Results.ValidationProblem(errors);
            var now = DateTimeOffset.UtcNow;
            var mailbox = new Mailbox(Guid.Empty, draft.Name, draft.Address, draft.DisplayName, draft.Provider, draft.Enabled, draft.Config,
                draft.InboundPassword is not null, draft.OutboundPassword is not null, MailboxStatuses.Connecting, null, null, null, now, now);
            return Results.Ok(Report(await test.RunAsync(mailbox, new MailboxSecrets(draft.InboundPassword, draft.OutboundPassword), cancellationToken)));
        })
        .RequireAuthorization(policy => policy.RequireRole(Roles.Admin))
        .WithSummary("Test the settings before saving: resolve, connect, TLS, login, open folder, SMTP login — each with what to do if it fails.");

        mailboxes.MapPost("/{id:guid}/test", async (Guid id, MailboxStore store, ConnectionTest test, CancellationToken cancellationToken) =>
        {
            if (await store.FindAsync(id, cancellationToken) is not { } mailbox)
                return NotFound(id);
            return Results.Ok(Report(await test.RunAsync(mailbox, await store.SecretsAsync(id, cancellationToken), cancellationToken)));
        })
        .RequireAuthorization(policy => policy.RequireRole(Roles.Admin))
        .WithSummary("Test a saved mailbox's servers with its stored credentials.");

        mailboxes.MapPost("/{id:guid}/test-send", async (Guid id, TestSendRequest request, MailboxStore store, IOutbox outbox,
            CancellationToken cancellationToken) =>
        {
            if (await store.FindAsync(id, cancellationToken) is not { } mailbox)
                return NotFound(id);
            MailboxAddress to;
            try
            {
                to = AddrSpec.Parse(request.To);
            }
            catch (ArgumentException)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["to"] = ["Give the address to send the test mail to, e.g. you@example.com."] });
            }
            var from = AddrSpec.Parse(mailbox.DisplayName ?? mailbox.Name, mailbox.Address);
            var messageId = MimeUtils.GenerateMessageId(from.Domain);
            var message = new MimeMessage
            {
                Subject = $"MailHub test message from {mailbox.Name}",
                MessageId = messageId,
                Date = DateTimeOffset.UtcNow,
                Body = new TextPart("plain")
                {
                    Text = $"This message was sent by MailHub through the mailbox {mailbox.Address} to check that sending works.\n\n"
                        + "Reply to it: when the reply comes back into MailHub, the mailbox is marked verified.\n",
                },
            };
            message.From.Add(from);
            message.To.Add(to);
            var content = await OutgoingMail.ToBytesAsync(message, cancellationToken);
            var stored = Outbox.Outbox.NormalizeMessageId(messageId);
            await store.SetTestMessageAsync(id, stored, cancellationToken);
            var outboundId = await outbox.EnqueueAsync(new OutboundMessage(id, stored, mailbox.Address, OutgoingMail.EnvelopeRecipients(message), content, "mailbox-test:" + id), cancellationToken);
            return Results.Accepted($"/api/channels/mailboxes/{id}", new { outboundId, messageId = stored });
        })
        .RequireAuthorization(policy => policy.RequireRole(Roles.Admin))
        .WithSummary("Send a test mail through the mailbox; a reply to it (In-Reply-To its Message-ID) marks the mailbox verified.");
    }

    private static object Report(IReadOnlyList<TestStep> steps) => new
    {
        ok = steps.All(s => s.Ok),
        steps = steps.Select(s => new { step = s.Step, server = s.Server, ok = s.Ok, message = s.Message }),
    };

    private static IResult NotFound(Guid id) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such mailbox",
        detail: $"There is no mailbox {id}; list them with GET /api/channels/mailboxes.");
}
