using FastEndpoints;
using MailHub.Core.Accounts;
using MailHub.Routing.Contracts;

namespace MailHub.Routing.Presence;

/// <summary>GET /api/routing/notifications?since=...</summary>
internal sealed record ListAgentNotificationsRequest([property: QueryParam] DateTimeOffset? Since);

/// <summary>GET /api/routing/notifications: what a console that reconnects, or is told "resync", missed.</summary>
internal sealed class ListAgentNotifications(IAgentNotifications notifications)
    : Endpoint<ListAgentNotificationsRequest, IReadOnlyList<AgentNotification>>
{
    public const int Max = 50;

    public override void Configure()
    {
        Get("/routing/notifications");
        Summary(s =>
        {
            s.Summary = "The caller's latest notifications (transfers and assignments to them), newest first.";
            s.Description = $"At most {Max}; with ?since= (an ISO 8601 instant) only those after it. The live connection pushes "
                + "each as \"assignment\" when it happens.";
        });
    }

    public override async Task HandleAsync(ListAgentNotificationsRequest request, CancellationToken cancellationToken) =>
        await Send.OkAsync(await notifications.RecentAsync(User.AccountId(), request.Since, Max, cancellationToken), cancellationToken);
}
