using System.Text.Json.Serialization;
using Npgsql;

namespace MailHub.Routing.Contracts;

/// <summary>What an agent is told of.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NotificationKind>))]
public enum NotificationKind
{
    /// <summary>Someone else assigned a conversation to the agent, or routing did (a rule, a team's turn, its queue): then from no one.</summary>
    [JsonStringEnumMemberName("assigned")] Assigned,

    /// <summary>An agent handed a conversation over to them, usually with a note.</summary>
    [JsonStringEnumMemberName("transferred")] Transferred,

    /// <summary>Someone named them (<c>@account</c> or <c>@name</c>) in a note.</summary>
    [JsonStringEnumMemberName("mentioned")] Mentioned,

    /// <summary>A reply they wrote was not delivered (a bounce, or the outbox gave up); the note is the reason.</summary>
    [JsonStringEnumMemberName("bounced")] Bounced,
}

/// <summary>
/// Something an agent should notice at once. <see cref="Note"/> is the transfer's note, the mentioning note's text or
/// the bounce's reason; <see cref="Subject"/> the conversation's, as routing has it; <see cref="ReadAt"/> null while unread.
/// </summary>
public sealed record AgentNotification(
    Guid Id,
    Guid AgentId,
    NotificationKind Kind,
    Guid ConversationId,
    Guid? From,
    string? FromName,
    string? Note,
    DateTimeOffset At,
    string? Subject = null,
    DateTimeOffset? ReadAt = null);

/// <summary>
/// An agent's notifications. Each is recorded in the transaction of the change that causes it and pushed live
/// ("notification") through the agent's grain once that committed; a console that reconnects, or is told "resync",
/// reads what it missed here.
/// </summary>
public interface IAgentNotifications
{
    /// <summary>Records <paramref name="notification"/> with the caller's change; <see cref="Publish"/> it once that committed.</summary>
    Task RecordAsync(NpgsqlTransaction transaction, AgentNotification notification, CancellationToken cancellationToken = default);

    /// <summary>Pushes a committed notification to the agent's consoles, wherever they are (soon, off the caller's path).</summary>
    void Publish(AgentNotification notification);

    /// <summary>The agent's latest notifications, newest first, optionally only those after <paramref name="since"/>.</summary>
    Task<IReadOnlyList<AgentNotification>> RecentAsync(Guid agentId, DateTimeOffset? since = null, int max = 50,
        CancellationToken cancellationToken = default);

    /// <summary>How many of the agent's notifications are unread.</summary>
    Task<int> UnreadCountAsync(Guid agentId, CancellationToken cancellationToken = default);

    /// <summary>Marks the agent's notifications <paramref name="ids"/> read (null: all of them); answers how many are left unread.</summary>
    Task<int> MarkReadAsync(Guid agentId, IReadOnlyCollection<Guid>? ids, CancellationToken cancellationToken = default);
}
