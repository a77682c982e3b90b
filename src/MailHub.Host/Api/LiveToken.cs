using Microsoft.AspNetCore.Authentication.BearerToken;

namespace MailHub.Host.Api;

/// <summary>
/// Browsers cannot set an Authorization header on a WebSocket or an EventSource, so the live endpoints (the SignalR
/// hub /api/live and /api/events/stream) also take the bearer token as <c>access_token</c> in the query, as
/// SignalR's clients send it. Only there: elsewhere a token in a URL would end up in logs and histories.
/// </summary>
internal static class LiveToken
{
    public static Task FromQuery(MessageReceivedContext context)
    {
        if (InQuery(context.Request) is { } token)
            context.Token = token;
        return Task.CompletedTask;
    }

    /// <summary>The token in the query of a live endpoint's request, else null.</summary>
    public static string? InQuery(HttpRequest request) =>
        request.Query.TryGetValue("access_token", out var token) && !string.IsNullOrEmpty(token)
        && (request.Path.StartsWithSegments("/api/live") || request.Path.StartsWithSegments("/api/events/stream"))
            ? token.ToString()
            : null;
}
