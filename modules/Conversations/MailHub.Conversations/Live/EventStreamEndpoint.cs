using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Threading.Channels;
using MailHub.Core.Accounts;
using MailHub.Core.Events;
using MailHub.Routing.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MailHub.Conversations.Live;

internal static class EventStreamEndpoint
{
    private static readonly SseItem<object> Resync =
        new(new { reason = "notifications may have been missed; re-read the conversation list and your notifications" }, "resync");

    /// <summary>
    /// GET /api/events/stream: server-sent events "ready" (first), "conversation" (new or changed, only
    /// those the caller may see), "assignment" (the caller's notifications) and "resync". Changes reach the
    /// stream through the node's LISTEN connection (<see cref="PostgresNotifications"/>); what happens while
    /// no stream is open, or while that connection is down, is not sent. So the console re-reads its
    /// conversation list (and GET /api/routing/notifications) after "ready", on a new or reconnected stream,
    /// and after "resync": one per gap in the node's listening, for conversations and assignments alike.
    /// </summary>
    public static void MapEventStream(this IEndpointRouteBuilder api) =>
        api.MapGet("/events/stream", (ClaimsPrincipal user, LiveUpdates live, IConversationAccess access, IAgentNotifications notifications,
                PostgresNotifications listener, CancellationToken cancellationToken) =>
            TypedResults.ServerSentEvents(EventsAsync(user, live, access, notifications, listener, cancellationToken)))
        .WithTags("Live updates")
        .WithSummary("Server-sent events telling the console about new and changed conversations it may see; "
            + "after \"ready\" (a new or reconnected stream) and after \"resync\" (changes may have been missed) the console re-reads its list.");

    private static async IAsyncEnumerable<SseItem<object>> EventsAsync(ClaimsPrincipal user, LiveUpdates live, IConversationAccess access,
        IAgentNotifications notifications, PostgresNotifications listener, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var memberId = user.AccountId();
        var admin = user.IsAdmin();
        var merged = Channel.CreateUnbounded<SseItem<object>>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Conversation changes and assignments share the one LISTEN connection: one resync covers both.
        using var gaps = listener.SubscribeGaps(_ =>
        {
            merged.Writer.TryWrite(Resync);
            return ValueTask.CompletedTask;
        });
        var conversations = Task.Run(async () =>
        {
            await foreach (var change in live.ListenAsync(stop.Token))
            {
                if (admin || await access.CanSeeAsync(memberId, change.ConversationId, stop.Token))
                    await merged.Writer.WriteAsync(new SseItem<object>(new { conversationId = change.ConversationId, change = change.Change }, "conversation"), stop.Token);
            }
        }, stop.Token);
        var assignments = Task.Run(async () =>
        {
            await foreach (var notification in notifications.ListenAsync(memberId, stop.Token))
                await merged.Writer.WriteAsync(new SseItem<object>(notification, "assignment"), stop.Token);
        }, stop.Token);
        try
        {
            yield return new SseItem<object>(new { connected = true }, "ready");
            await foreach (var item in merged.Reader.ReadAllAsync(cancellationToken))
                yield return item;
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(conversations, assignments).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
