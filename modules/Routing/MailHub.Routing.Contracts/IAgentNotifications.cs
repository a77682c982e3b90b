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
/// An agent's notifications as stored. They are pushed live ("assignment") through the agent's grain after the
/// change commits; a console that reconnects, or is told "resync", reads what it missed here.
/// </summary>
public interface IAgentNotifications
{
    /// <summary>The agent's latest notifications, newest first, optionally only those after <paramref name="since"/>.</summary>
    Task<IReadOnlyList<AgentNotification>> RecentAsync(Guid agentId, DateTimeOffset? since = null, int max = 50,
        CancellationToken cancellationToken = default);
}
