namespace MailHub.Routing.Contracts;

/// <summary>Something an agent should notice at once: a conversation transferred or assigned to them.</summary>
public sealed record AgentNotification(
    Guid Id,
    Guid AgentId,
    AssignmentKind Kind,
    Guid ConversationId,
    Guid? From,
    string? FromName,
    string? Note,
    DateTimeOffset At);

/// <summary>
/// The hook for the console's live stream (the SSE endpoint lives with Conversations). Notifications
/// are stored before they are pushed, so a stream that reconnects reads what it missed from
/// <see cref="RecentAsync"/>.
/// </summary>
public interface IAgentNotifications
{
    /// <summary>Notifications for the agent from now on, until <paramref name="cancellationToken"/> ends the listening.</summary>
    IAsyncEnumerable<AgentNotification> ListenAsync(Guid agentId, CancellationToken cancellationToken);

    /// <summary>The agent's latest notifications, newest first, optionally only those after <paramref name="since"/>.</summary>
    Task<IReadOnlyList<AgentNotification>> RecentAsync(Guid agentId, DateTimeOffset? since = null, int max = 50,
        CancellationToken cancellationToken = default);
}
