using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using FastEndpoints;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Live;

/// <summary>
/// GET /api/events/stream, for scripts: the pushes of the SignalR hub at /api/live as server-sent events, same names
/// and data: "ready" (first), "conversation" (new or changed, only those the caller may see), "notification" (the
/// caller's notifications), "activity" (someone viewing or replying) and "resync". What happens while no stream is
/// open, or while a node missed pushes, is not sent: re-read after "ready" and after "resync". The bearer token may
/// come as access_token in the query (an EventSource cannot set headers; the host's LiveToken reads it here only).
/// </summary>
internal sealed class StreamLiveEvents(Consoles consoles) : EndpointWithoutRequest<string>
{
    public override void Configure()
    {
        Get("/events/stream");
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK).Produces<string>(StatusCodes.Status200OK, "text/event-stream"));
        Summary(s =>
        {
            s.Summary = "Live updates as server-sent events.";
            s.Description = "The events of the SignalR hub /api/live, for scripts, until the caller closes the stream. Each event's "
                + "data is one JSON object: ready {connected} (first: read the lists now), conversation {conversationId, change} "
                + "(new or changed; only conversations the caller may see), notification (the caller's own: "
                + "assigned, transferred, mentioned or bounced), notificationsRead {ids, unread} (the caller's own, read elsewhere; ids null: all), activity {conversationId, agentId, agentName, activity} (viewing, replying or left) and resync "
                + "(updates may have been missed: re-read). Authenticate with the bearer token, or access_token in the query for "
                + "an EventSource.";
        });
    }

    public override Task HandleAsync(CancellationToken cancellationToken) =>
        Send.ResultAsync(TypedResults.ServerSentEvents(EventsAsync(User, consoles, cancellationToken)));

    // The data is JSON already: a string item is written as it is.
    private static async IAsyncEnumerable<SseItem<string>> EventsAsync(ClaimsPrincipal user, Consoles consoles,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var push in consoles.FollowAsync("sse-" + Guid.NewGuid().ToString("N"), user, cancellationToken))
            yield return new SseItem<string>(push.Data, push.Event);
    }
}
