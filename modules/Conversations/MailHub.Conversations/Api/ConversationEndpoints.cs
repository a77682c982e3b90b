using System.Globalization;
using System.Security.Claims;
using System.Text;
using MailHub.Conversations.Domain;
using MailHub.Conversations.Reading;
using MailHub.Conversations.Replies;
using MailHub.Core.Accounts;
using MailHub.People.Contracts;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MailHub.Conversations.Api;

internal sealed record NoteRequest(string Text);

internal static class ConversationEndpoints
{
    private const int DefaultLimit = 25;
    private const int MaxLimit = 200;

    public static void MapConversations(this IEndpointRouteBuilder api)
    {
        var conversations = api.MapGroup("/conversations").WithTags("Conversations");

        conversations.MapGet("/", async (ClaimsPrincipal user, string? status, Guid? mailbox, string? assignee, string? q, string? cursor,
            int? limit, ConversationQueries queries, IMemberDirectory members, CancellationToken cancellationToken) =>
        {
            if (status is not null && !ConversationStatus.IsKnown(status))
                return Problems.BadRequest($"Unknown status '{status}': use open, pending or closed.");
            Guid? assigneeId = null;
            if (assignee == "me")
                assigneeId = user.AccountId();
            else if (assignee is not null && assignee != "unassigned")
            {
                if (!Guid.TryParse(assignee, out var parsed))
                    return Problems.BadRequest("assignee is 'me', 'unassigned' or an agent's id.");
                assigneeId = parsed;
            }
            if (!TryReadCursor(cursor, out var after))
                return Problems.BadRequest("The cursor is not one this API gave out: start again without it.");
            var size = Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit);
            var admin = user.SeesAllTeams();
            var teams = admin ? [] : await members.DepartmentsOfAsync(user.AccountId(), cancellationToken);
            var rows = await queries.ListAsync(new ListFilter(status, mailbox, assignee, assigneeId, q, after, size,
                admin ? null : user.AccountId(), teams), cancellationToken);
            var page = rows.Take(size).ToList();
            return Results.Ok(new
            {
                items = page.Select(ConversationView.Summary),
                next = rows.Count > size ? Cursor(page[^1]) : null,
            });
        }).WithSummary("Conversations, newest activity first, filtered and searched (q: subject, sender, text).");

        conversations.MapGet("/{id:guid}", async (Guid id, bool? images, ClaimsPrincipal user, ConversationAccessGuard guard,
            ConversationQueries queries, IDocumentStore store, AccountStore accounts, CancellationToken cancellationToken) =>
        {
            var (conversation, refusal) = await guard.CheckAsync(user, id, cancellationToken);
            if (refusal is not null)
                return refusal;
            var messages = await queries.MessagesAsync(id, cancellationToken);
            var history = await ConversationView.HistoryAsync(id, store, accounts, cancellationToken);
            return Results.Ok(new
            {
                conversation!.Id,
                conversation.Number,
                conversation.Subject,
                conversation.Status,
                conversation.MailboxId,
                customer = new { id = conversation.CustomerId, name = conversation.CustomerName, email = conversation.CustomerEmail },
                assignee = conversation.AssigneeId is { } agent ? new { id = agent, name = conversation.AssigneeName } : null,
                team = conversation.TeamId is { } team ? new { id = team, name = conversation.TeamName } : null,
                conversation.LastMessageAt,
                conversation.MessageCount,
                conversation.ClosedAt,
                messages = messages.Select(m => ConversationView.Message(m, images == true)),
                history,
            });
        }).WithSummary("A conversation with its messages (HTML sanitized; images=true shows remote images) and history.");

        conversations.MapPost("/{id:guid}/replies", (Guid id, ReplyRequest request, ClaimsPrincipal user, ConversationAccessGuard guard,
            IGrainFactory grains, CancellationToken cancellationToken) => Problems.RunAsync(async () =>
        {
            var (_, refusal) = await guard.CheckAsync(user, id, cancellationToken);
            if (refusal is not null)
                return refusal;
            var replyId = await grains.GetGrain<IConversationCommandsGrain>(id).ReplyAsync(request, Actor.Of(user));
            return Results.Created($"/api/conversations/{id}", new { id = replyId, delivery = new { state = DeliveryState.Queued } });
        })).WithSummary("Answer the customer: the reply keeps the thread and goes to the mailbox's outbox.");

        conversations.MapPost("/{id:guid}/notes", (Guid id, NoteRequest request, ClaimsPrincipal user, ConversationAccessGuard guard,
            IGrainFactory grains, CancellationToken cancellationToken) => Problems.RunAsync(async () =>
        {
            if (string.IsNullOrWhiteSpace(request.Text))
                return Problems.BadRequest("Write the note's text.");
            var (_, refusal) = await guard.CheckAsync(user, id, cancellationToken);
            if (refusal is not null)
                return refusal;
            var noteId = await grains.GetGrain<IConversationCommandsGrain>(id).AddNoteAsync(request.Text, Actor.Of(user));
            return Results.Created($"/api/conversations/{id}", new { id = noteId });
        })).WithSummary("An internal note: visible to agents, never sent.");

        MapStatus(conversations, "close", ConversationStatus.Closed);
        MapStatus(conversations, "reopen", ConversationStatus.Open);
        MapStatus(conversations, "pending", ConversationStatus.Pending);
    }

    private static void MapStatus(RouteGroupBuilder conversations, string verb, string status) =>
        conversations.MapPost($"/{{id:guid}}/{verb}", (Guid id, ClaimsPrincipal user, ConversationAccessGuard guard,
            IGrainFactory grains, CancellationToken cancellationToken) => Problems.RunAsync(async () =>
        {
            var (_, refusal) = await guard.CheckAsync(user, id, cancellationToken);
            if (refusal is not null)
                return refusal;
            return Results.Ok(new { id, status = await grains.GetGrain<IConversationCommandsGrain>(id).SetStatusAsync(status, Actor.Of(user)) });
        })).WithSummary($"Set the conversation's status to {status}.");

    private static string Cursor(ConversationSummary last) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(
            $"{last.LastMessageAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}:{last.Id:N}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryReadCursor(string? cursor, out (DateTimeOffset, Guid)? after)
    {
        after = null;
        if (string.IsNullOrEmpty(cursor))
            return true;
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=')));
            var parts = text.Split(':');
            if (parts.Length == 2 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out var ticks) && Guid.TryParseExact(parts[1], "N", out var id))
            {
                after = (new DateTimeOffset(ticks, TimeSpan.Zero), id);
                return true;
            }
        }
        catch (FormatException)
        {
        }
        return false;
    }
}
