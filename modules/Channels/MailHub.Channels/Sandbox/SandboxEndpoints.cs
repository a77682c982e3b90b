using System.Text.Json;
using MailHub.Channels.Inbound;
using MailHub.Channels.Mailboxes;
using MailHub.Channels.Outbox;
using MailHub.Core.Accounts;
using MailHub.Mail.Mime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace MailHub.Channels.Sandbox;

/// <summary>/api/sandbox/messages: what MailHub would have sent, for QA to read and wait for.</summary>
internal static class SandboxEndpoints
{
    private const int DefaultLimit = 50;
    private const int MaxLimit = 500;
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(5);

    public static void MapSandboxEndpoints(this IEndpointRouteBuilder api)
    {
        // Replies to every team's customers: admins and supervisors only.
        var sandbox = api.MapGroup("/sandbox/messages").WithTags("Sandbox").RequireAuthorization(policy => policy.RequireRole(Roles.AllTeams));

        sandbox.MapGet("/", async (SandboxStore store, string? to, string? from, string? subject, DateTimeOffset? since, Guid? mailbox,
            int? limit, string? cursor, CancellationToken cancellationToken) =>
        {
            if (limit is < 1 or > MaxLimit)
                return Problem("limit", $"limit is between 1 and {MaxLimit}; leave it out for {DefaultLimit}.");
            if (!InboundCursor.TryParse(cursor, out var after))
                return Problem("cursor", "cursor is not one this API gave out: pass the \"next\" of the previous page as it is.");
            var (items, total, next) = await store.ListAsync(new SandboxQuery(to, from, subject, since, mailbox, limit ?? DefaultLimit, after), cancellationToken);
            return Results.Ok(new { items = items.Select(Item), total, next });
        })
        .WithSummary("Captured outbound messages, newest first (filters match anywhere, case-insensitively).");

        sandbox.MapGet("/wait", async (SandboxStore store, SandboxSignal signal, IOptions<SandboxOptions> options, string? to, string? from,
            string? subject, DateTimeOffset? since, Guid? mailbox, double? timeout, CancellationToken cancellationToken) =>
        {
            var wait = TimeSpan.FromSeconds(timeout ?? 30);
            if (wait < TimeSpan.Zero || wait > MaxWait)
                return Problem("timeout", $"timeout is in seconds, between 0 and {MaxWait.TotalSeconds}.");
            var deadline = DateTimeOffset.UtcNow + wait;
            var query = new SandboxQuery(to, from, subject, since, mailbox, 1, null);
            var recheck = options.Value.WaitRecheck;
            while (true)
            {
                var next = signal.Next;
                var (items, _, _) = await store.ListAsync(query, cancellationToken);
                if (items.Count > 0)
                    return Results.Ok(Item(items[0]));
                var left = deadline - DateTimeOffset.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    return Results.Problem(statusCode: StatusCodes.Status408RequestTimeout, title: "Nothing captured yet",
                        detail: $"No captured message matched within {wait.TotalSeconds:0.#} s: check the filters, or whether the message was sent at all (GET /api/sandbox/messages).");
                }
                await Signal.WaitAsync(next, left < recheck ? left : recheck, cancellationToken);
            }
        })
        .WithSummary("Waits until a captured message matches (to, from, subject, since) and returns it; 408 after timeout seconds (default 30).");

        sandbox.MapGet("/{id:guid}", async (Guid id, SandboxStore store, CancellationToken cancellationToken) =>
        {
            if (await store.FindAsync(id, cancellationToken) is not { } found)
                return NotFound(id);
            using var mail = MailReader.Load(found.Content);
            await using var buffer = new MemoryStream();
            await using (var json = new Utf8JsonWriter(buffer, MessageReading.JsonOptions))
            {
                json.WriteStartObject();
                json.WriteString("id", found.Item.Id);
                json.WriteString("capturedAt", found.Item.CapturedAt);
                WriteGuid(json, "mailboxId", found.Item.MailboxId);
                WriteGuid(json, "outboxId", found.Item.OutboxId);
                json.WriteNumber("size", found.Item.Size);
                json.WriteStartObject("envelope");
                json.WriteString("mailFrom", found.Item.MailFrom);
                json.WriteStartArray("rcptTo");
                foreach (var r in found.Item.RcptTo)
                    json.WriteStringValue(r);
                json.WriteEndArray();
                json.WriteEndObject();
                MessageReading.Of(mail).WriteProperties(json);
                json.WriteEndObject();
            }
            return Results.Bytes(buffer.ToArray(), "application/json; charset=utf-8");
        })
        .WithSummary("One captured message, parsed (the `mailhub parse` schema, with inReplyTo and references), and its envelope.");

        sandbox.MapGet("/{id:guid}/raw", async (Guid id, SandboxStore store, CancellationToken cancellationToken) =>
            await store.FindAsync(id, cancellationToken) is { } found ? Results.Bytes(found.Content, "message/rfc822") : NotFound(id))
        .Produces(StatusCodes.Status200OK, contentType: "message/rfc822")
        .WithSummary("The captured message exactly as it would have been sent.");

        sandbox.MapDelete("/", async (SandboxStore store, Guid? mailbox, CancellationToken cancellationToken) =>
            Results.Ok(new { deleted = await store.DeleteAllAsync(mailbox, cancellationToken) }))
        .RequireAuthorization(policy => policy.RequireRole(Roles.Admin))
        .WithSummary("Empties the sandbox (or one mailbox's captures), e.g. between QA runs.");
    }

    private static object Item(SandboxListItem m) => new
    {
        id = m.Id,
        capturedAt = m.CapturedAt,
        receivedAt = m.CapturedAt,
        mailboxId = m.MailboxId,
        outboxId = m.OutboxId,
        mailFrom = m.MailFrom,
        rcptTo = m.RcptTo,
        from = m.From,
        to = m.To,
        subject = m.Subject,
        messageId = m.MessageId,
        inReplyTo = m.InReplyTo,
        size = m.Size,
    };

    private static void WriteGuid(Utf8JsonWriter json, string name, Guid? value)
    {
        if (value is { } v)
            json.WriteString(name, v);
        else
            json.WriteNull(name);
    }

    private static IResult NotFound(Guid id) => Results.Problem(statusCode: StatusCodes.Status404NotFound,
        title: "No such captured message", detail: $"Nothing with id {id} is in the sandbox; list it with GET /api/sandbox/messages.");

    private static IResult Problem(string field, string message) => Results.ValidationProblem(
        new Dictionary<string, string[]> { [field] = [message] });
}
