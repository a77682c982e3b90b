using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Threading.Channels;
using MailHub.Core.Accounts;
using MailHub.Routing.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MailHub.Conversations.Live;

internal static class EventStreamEndpoint
{
    /// <summary>GET /api/events/stream: server-sent events "conversation" (new or changed, only those the caller may see) and "assignment".</summary>
    public static void MapEventStream(this IEndpointRouteBuilder api) =>
        api.MapGet("/events/stream", (ClaimsPrincipal user, LiveUpdates live, IConversationAccess access, IAgentNotifications notifications,
                CancellationToken cancellationToken) =>
            TypedResults.ServerSentEvents(EventsAsync(user, live, access, notifications, cancellationToken)))
        .WithTags("Live updates")
        .WithSummary("Server-sent events telling the console about new and changed conversations it may see.");

    private static async IAsyncEnumerable<SseItem<object>> EventsAsync(ClaimsPrincipal user, LiveUpdates live, IConversationAccess access,
        IAgentNotifications notifications, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var memberId = user.AccountId();
        var admin = user.IsAdmin();
        var merged = Channel.CreateUnbounded<SseItem<object>>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
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
