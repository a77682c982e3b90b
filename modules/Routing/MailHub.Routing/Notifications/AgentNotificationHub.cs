using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using MailHub.Core.Events;
using MailHub.Routing.Contracts;
using Npgsql;
using NpgsqlTypes;

namespace MailHub.Routing.Notifications;

/// <summary>
/// Records notifications in <c>routing.notifications</c> in the transaction of the change that causes
/// them, with a NOTIFY on <see cref="NotifyChannel"/> (delivered on commit to every node). Each node
/// hears it through <see cref="PostgresNotifications"/>, loads the row and pushes it to the listeners
/// of that agent on this node: an agent's console connected to any node hears of it at once.
/// </summary>
internal sealed class AgentNotificationHub : IAgentNotifications, IDisposable
{
    public const string NotifyChannel = "mailhub_agent_notifications";

    private const string Columns = "id, agent_id, kind, conversation_id, from_member, from_name, note, created_at";

    private readonly NpgsqlDataSource _dataSource;
    private readonly IDisposable _subscription;
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Channel<AgentNotification>, byte>> _listeners = new();

    public AgentNotificationHub(NpgsqlDataSource dataSource, PostgresNotifications notifications)
    {
        _dataSource = dataSource;
        _subscription = notifications.Subscribe(NotifyChannel, OnNotifiedAsync);
    }

    public void Dispose() => _subscription.Dispose();

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
        // The payload names the agent too, so a node with no console of that agent skips the load.
        await using var notify = new NpgsqlCommand("SELECT pg_notify($1, $2)", transaction.Connection, transaction);
        notify.Parameters.Add(new() { Value = NotifyChannel });
        notify.Parameters.Add(new() { Value = $"{notification.AgentId} {notification.Id}" });
        await notify.ExecuteNonQueryAsync(cancellationToken);
    }

    private async ValueTask OnNotifiedAsync(string payload, CancellationToken cancellationToken)
    {
        var parts = payload.Split(' ');
        if (parts.Length != 2 || !Guid.TryParse(parts[0], CultureInfo.InvariantCulture, out var agentId)
            || !Guid.TryParse(parts[1], CultureInfo.InvariantCulture, out var id))
            return;
        if (!_listeners.TryGetValue(agentId, out var channels) || channels.IsEmpty)
            return;
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM routing.notifications WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (await reader.ReadAsync(cancellationToken))
            Publish(Read(reader));
    }

    /// <summary>Pushes a committed notification to whoever listens for its agent on this node.</summary>
    private void Publish(AgentNotification notification)
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
        await using var command = _dataSource.CreateCommand($"""
            SELECT {Columns} FROM routing.notifications
            WHERE agent_id = $1 AND ($2::timestamptz IS NULL OR created_at > $2)
            ORDER BY created_at DESC, id DESC LIMIT $3
            """);
        command.Parameters.Add(new() { Value = agentId });
        command.Parameters.Add(new() { Value = (object?)since ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = Math.Clamp(max, 1, 500) });
        var notifications = new List<AgentNotification>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            notifications.Add(Read(reader));
        return notifications;
    }

    private static AgentNotification Read(NpgsqlDataReader reader) =>
        new(reader.GetGuid(0), reader.GetGuid(1), KindOf(reader.GetString(2)), reader.GetGuid(3),
            reader.IsDBNull(4) ? null : reader.GetGuid(4), reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7));

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
