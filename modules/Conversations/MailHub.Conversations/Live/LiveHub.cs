using MailHub.Routing.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace MailHub.Conversations.Live;

/// <summary>
/// The console's live connection, /api/live (bearer token; <c>access_token</c> in the query for WebSockets and SSE).
/// The server calls the client's methods "ready" (first, on every connection: read the lists now), "conversation",
/// "notification", "activity" and "resync" (re-read), with the data of the event stream of the same names. The console
/// calls <see cref="Viewing"/>, <see cref="Replying"/> and <see cref="Left"/> so others see "X is viewing / replying".
/// </summary>
internal sealed class LiveHub(HubConnections connections, Consoles consoles) : Hub
{
    public override Task OnConnectedAsync()
    {
        connections.Start(Context.ConnectionId, Context.User!);
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception) => connections.StopAsync(Context.ConnectionId);

    public Task Viewing(Guid conversationId) => SetAsync(conversationId, ConversationActivity.Viewing);

    public Task Replying(Guid conversationId) => SetAsync(conversationId, ConversationActivity.Replying);

    public Task Left(Guid conversationId) => SetAsync(conversationId, ConversationActivity.Left);

    private async Task SetAsync(Guid conversationId, ConversationActivity activity)
    {
        if (!await consoles.SetActivityAsync(Context.ConnectionId, Context.User!, conversationId, activity, Context.ConnectionAborted))
            throw new HubException($"Conversation {conversationId} is not one you may see.");
    }
}
