using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using MailHub.Routing.Contracts;
using Npgsql;
using NpgsqlTypes;

namespace MailHub.Routing.Notifications;

/// <summary>
/// Records notifications in <c>routing.notifications</c> (in the transaction of the change that causes
/// them) and, once that commits, pushes them to the listeners on this node.
/// </summary>
internal sealed class AgentNotificationHub(NpgsqlDataSource dataSource) : IAgentNotifications
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Channel<AgentNotification>, byte>> _listeners = new();

    public static async Task RecordAsync(NpgsqlTransaction transaction, AgentNotification notification, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO routing.notifications (id, agent_id, kind, conversation_id, from_member, from_name, note, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """, transaction.Connection, transaction);
        command.Parameters.Add(new() { Value = notification.Id });
        command.Parameters.Add(new() { Value = notification.AgentId });
        command.Parameters.Add(new() { Value = KindName(notification.Kind) });
        command.Parameters.Add(new() { Value = notification.ConversationId });
        command.Parameters.Add(new() { Value = (object?)notification.From ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = (object?)notification.FromName ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)notification.Note ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = notification.At });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Pushes a committed notification to whoever listens for its agent on this node.</summary>
    public void Publish(AgentNotification notification)
    {
        if (!_listeners.TryGetValue(notification.AgentId, out var channels))
            return;
        foreach (var channel in channels.Keys)
            channel.Writer.TryWrite(notification);
    }

    public async IAsyncEnumerable<AgentNotification> ListenAsync(Guid agentId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<AgentNotification>(new BoundedChannelOptions(100) { FullMode = BoundedChannelFullMode.DropOldest });
        var channels = _listeners.GetOrAdd(agentId, _ => new());
        channels[channel] = 0;
        try
        {
            await foreach (var notification in channel.Reader.ReadAllAsync(cancellationToken))
                yield return notification;
        }
        finally
        {
            channels.TryRemove(channel, out _);
        }
    }

    public async Task<IReadOnlyList<AgentNotification>> RecentAsync(Guid agentId, DateTimeOffset? since = null, int max = 50,
        CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT id, agent_id, kind, conversation_id, from_member, from_name, note, created_at FROM routing.notifications
            WHERE agent_id = $1 AND ($2::timestamptz IS NULL OR created_at > $2)
            ORDER BY created_at DESC, id DESC LIMIT $3
            """);
        command.Parameters.Add(new() { Value = agentId });
        command.Parameters.Add(new() { Value = (object?)since ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = Math.Clamp(max, 1, 500) });
        var notifications = new List<AgentNotification>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            notifications.Add(new AgentNotification(reader.GetGuid(0), reader.GetGuid(1), KindOf(reader.GetString(2)), reader.GetGuid(3),
                reader.IsDBNull(4) ? null : reader.GetGuid(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7)));
        }
        return notifications;
    }

    private static string KindName(AssignmentKind kind) => kind switch
    {
        AssignmentKind.Transfer => "transfer",
        AssignmentKind.Manual => "manual",
        AssignmentKind.Requeue => "requeue",
        _ => "rule",
    };

    private static AssignmentKind KindOf(string name) => name switch
    {
        "transfer" => AssignmentKind.Transfer,
        "manual" => AssignmentKind.Manual,
        "requeue" => AssignmentKind.Requeue,
        _ => AssignmentKind.Rule,
    };
}
