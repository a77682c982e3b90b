using System.Text.Json;
using MailHub.Core.Accounts;
using MailHub.Mail.Mime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MailHub.Channels.Inbound;

/// <summary>GET /api/inbound/messages, /{id} and /{id}/raw: what the SMTP listener received.</summary>
internal static class InboundEndpoints
{
    private const int DefaultLimit = 50;
    private const int MaxLimit = 500;

    public static void MapInboundEndpoints(this IEndpointRouteBuilder api)
    {
        // Every mailbox's mail, whatever team it went to: admins and supervisors only.
        var inbound = api.MapGroup("/inbound/messages").WithTags("Inbound").RequireAuthorization(policy => policy.RequireRole(Roles.AllTeams));

        inbound.MapGet("/", async (InboundMessages messages, string? to, string? from, string? subject, DateTimeOffset? since,
            Guid? mailbox, int? limit, string? cursor, CancellationToken cancellationToken) =>
        {
            if (limit is < 1 or > MaxLimit)
                return Problem("limit", $"limit is between 1 and {MaxLimit}; leave it out for {DefaultLimit}.");
            if (!InboundCursor.TryParse(cursor, out var after))
                return Problem("cursor", "cursor is not one this API gave out: pass the \"next\" of the previous page as it is.");
            var page = await messages.ListAsync(
                new InboundQuery(to, from, subject, since, mailbox, limit ?? DefaultLimit, after), cancellationToken);
            return Results.Ok(new
            {
                items = page.Items.Select(m => new
                {
                    id = m.Id,
                    receivedAt = m.ReceivedAt,
                    mailFrom = m.MailFrom,
                    rcptTo = m.RcptTo,
                    from = m.From,
                    to = m.To,
                    subject = m.Subject,
                    messageId = m.MessageId,
                    size = m.Size,
                    malformed = m.Malformed,
                }),
                total = page.Total,
                next = page.Next,
            });
        })
        .WithSummary("Messages the SMTP listener received, newest first, a page at a time (pass \"next\" back as cursor).");

        inbound.MapGet("/{id:guid}", async (Guid id, InboundMessages messages, CancellationToken cancellationToken) =>
        {
            var detail = await messages.FindAsync(id, cancellationToken);
            if (detail is null)
                return NotFound(id);

            // The content is spooled to a temporary file and read in place there (MimeKit keeps part contents as offsets into it).
            await using var content = new MemoryStream();
            var spool = Path.Combine(Path.GetTempPath(), "mailhub-read-" + Guid.NewGuid().ToString("N"));
            await using (var file = new FileStream(spool, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
                             FileOptions.Asynchronous | FileOptions.DeleteOnClose))
            {
                await messages.CopyContentAsync(id, file, cancellationToken);
                file.Position = 0;
                using var mail = await MailReader.LoadAsync(file, cancellationToken: cancellationToken);
                await using var json = new Utf8JsonWriter(content, MessageReading.JsonOptions);
                WriteDetail(json, detail, MessageReading.Of(mail));
            }
            return Results.Bytes(content.ToArray(), "application/json; charset=utf-8");
        })
        .WithSummary("One received message, parsed (the `mailhub parse` schema), with its SMTP envelope.");

        inbound.MapGet("/{id:guid}/raw", async (Guid id, InboundMessages messages, HttpContext http, CancellationToken cancellationToken) =>
        {
            if (await messages.RawSizeAsync(id, cancellationToken) is not { } size)
                return NotFound(id);
            http.Response.ContentType = "message/rfc822";
            http.Response.ContentLength = size;
            await messages.CopyRawAsync(id, http.Response.Body, cancellationToken);
            return Results.Empty;
        })
        .Produces(StatusCodes.Status200OK, contentType: "message/rfc822")
        .WithSummary("The bytes exactly as received: our Received field, then the message as the sender sent it.");
    }

    private static void WriteDetail(Utf8JsonWriter json, InboundDetail detail, MessageReading reading)
    {
        json.WriteStartObject();
        json.WriteString("id", detail.Id);
        json.WriteNumber("size", detail.Size);
        json.WriteString("sha256", detail.Sha256);
        json.WriteBoolean("malformed", detail.Malformed);
        json.WriteString("problems", detail.Problems);
        var e = detail.Envelope;
        json.WriteStartObject("envelope");
        json.WriteString("mailFrom", e.MailFrom);
        json.WriteStartArray("rcptTo");
        foreach (var r in e.RcptTo)
            json.WriteStringValue(r);
        json.WriteEndArray();
        json.WriteString("clientIp", e.ClientIp);
        json.WriteString("heloName", e.HeloName);
        json.WriteString("tls", e.Tls);
        json.WriteString("authenticatedUser", e.AuthenticatedUser);
        json.WriteString("endpoint", e.Endpoint);
        json.WriteString("smtpId", e.SmtpId);
        json.WriteString("receivedAt", e.ReceivedAt);
        if (e.MailboxId is { } mailbox)
            json.WriteString("mailboxId", mailbox);
        else
            json.WriteNull("mailboxId");
        json.WriteEndObject();
        reading.WriteProperties(json);
        json.WriteEndObject();
    }

    private static IResult NotFound(Guid id) => Results.Problem(statusCode: StatusCodes.Status404NotFound,
        title: "No such inbound message", detail: $"No message with id {id} was received; list them with GET /api/inbound/messages.");

    private static IResult Problem(string field, string message) => Results.ValidationProblem(
        new Dictionary<string, string[]> { [field] = [message] });
}
