using FastEndpoints;
using MailHub.Core.Accounts;
using MailHub.Routing.Contracts;

namespace MailHub.Routing.Notifications;

/// <summary>GET /api/routing/notifications?since=...</summary>
internal sealed record ListAgentNotificationsRequest([property: QueryParam] DateTimeOffset? Since);

/// <summary>The caller's latest notifications, newest first, and how many of all of theirs are unread.</summary>
internal sealed record AgentNotificationsResponse(IReadOnlyList<AgentNotification> Items, int Unread);

/// <summary>GET /api/routing/notifications: the notifications panel, and what a console that reconnects, or is told "resync", missed.</summary>
internal sealed class ListAgentNotifications(IAgentNotifications notifications)
    : Endpoint<ListAgentNotificationsRequest, AgentNotificationsResponse>
{
    public const int Max = 50;

    public override void Configure()
    {
        Get("/routing/notifications");
        Summary(s =>
        {
            s.Summary = "The caller's latest notifications, newest first, with the count of unread ones.";
            s.Description = "Kinds: assigned (someone assigned a conversation to you), transferred (handed to you, note: the transfer's "
                + "note), mentioned (@your account or name in a note, note: its text) and bounced (a reply of yours was not delivered, "
                + $"note: why). At most {Max} items; with ?since= (an ISO 8601 instant) only those after it. readAt is null while "
                + "unread; unread counts all of them. The live connection pushes each as \"notification\" when it happens.";
        });
    }

    public override async Task HandleAsync(ListAgentNotificationsRequest request, CancellationToken cancellationToken)
    {
        var agentId = User.AccountId();
        var items = await notifications.RecentAsync(agentId, request.Since, Max, cancellationToken);
        await Send.OkAsync(new AgentNotificationsResponse(items, await notifications.UnreadCountAsync(agentId, cancellationToken)), cancellationToken);
    }
}
