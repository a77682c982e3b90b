using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MailHub.Conversations.Live;

internal static class EventStreamEndpoint
{
    /// <summary>
    /// GET /api/events/stream, for scripts: the pushes of the SignalR hub at /api/live as server-sent events, same names
    /// and data: "ready" (first), "conversation" (new or changed, only those the caller may see), "assignment" (the
    /// caller's notifications), "activity" (someone viewing or replying) and "resync". What happens while no stream is
    /// open, or while a node missed pushes, is not sent: re-read after "ready" and after "resync".
    /// </summary>
    public static void MapEventStream(this IEndpointRouteBuilder api) =>
        api.MapGet("/events/stream", (ClaimsPrincipal user, Consoles consoles, CancellationToken cancellationToken) =>
            TypedResults.ServerSentEvents(EventsAsync(user, consoles, cancellationToken)))
        .WithTags("Live updates")
        .WithSummary("Server-sent events telling the console about new and changed conversations it may see (as the SignalR hub /api/live does); "
            + "after \"ready\" (a new or reconnected stream) and after \"resync\" (changes may have been missed) the console re-reads its list.");

    // The data is JSON already: a string item is written as it is.
    private static async IAsyncEnumerable<SseItem<string>> EventsAsync(ClaimsPrincipal user, Consoles consoles,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var push in consoles.FollowAsync("sse-" + Guid.NewGuid().ToString("N"), user, cancellationToken))
            yield return new SseItem<string>(push.Data, push.Event);
    }
}
