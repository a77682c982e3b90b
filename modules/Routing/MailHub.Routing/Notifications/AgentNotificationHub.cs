using System.Threading.Channels;
using MailHub.Core.Live;
using MailHub.Routing.Contracts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace MailHub.Routing.Notifications;

/// <summary>
/// Records notifications in <c>routing.notifications</c> in the transaction of the change that causes them and,
/// once that committed, pushes them ("notification") through the agent's grain to the nodes where the agent has a
/// console open. The push runs off the request: while the grain's node is dying its calls fail, so a push is tried
/// again a second apart, up to <see cref="Attempts"/> times; what is never pushed is read back when the console
/// re-reads (it is told to, see AgentGrain). The conversation's subject is routing's (<c>routing.assignments</c>),
/// looked up when read or pushed rather than copied into each row.
/// </summary>
internal sealed partial class AgentNotificationHub(NpgsqlDataSource dataSource, IGrainFactory grains, ILogger<AgentNotificationHub> logger)
    : BackgroundService, IAgentNotifications
{
    private const string Columns = """
        n.id, n.agent_id, n.kind, n.conversation_id, n.from_member, n.from_name, n.note, n.created_at, a.subject, n.read_at
        FROM routing.notifications n LEFT JOIN routing.assignments a ON a.conversation_id = n.conversation_id
        """;
    private const int Attempts = 30;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly Channel<AgentNotification> _queue = Channel.CreateBounded<AgentNotification>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public async Task RecordAsync(NpgsqlTransaction transaction, AgentNotification notification, CancellationToken cancellationToken = default)
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

    public void Publish(AgentNotification notification) => _queue.Writer.TryWrite(notification);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var notification in _queue.Reader.ReadAllAsync(stoppingToken))
                await PushAsync(notification, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PushAsync(AgentNotification notification, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // As the list reads it (the subject), so the console shows a push and a re-read alike.
                var told = await FindAsync(notification.Id, stoppingToken) ?? notification;
                await grains.GetGrain<IAgentGrain>(notification.AgentId).PushAsync(LivePush.Of("notification", told, agentId: notification.AgentId));
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPushFailed(e, notification.AgentId, attempt);
                if (attempt == Attempts)
                    return;
                await Task.Delay(RetryDelay, stoppingToken);
            }
        }
    }

    private async Task<AgentNotification?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} WHERE n.id = $1");
        command.Parameters.Add(new() { Value = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<AgentNotification>> RecentAsync(Guid agentId, DateTimeOffset? since = null, int max = 50,
        CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {Columns}
            WHERE n.agent_id = $1 AND ($2::timestamptz IS NULL OR n.created_at > $2)
            ORDER BY n.created_at DESC, n.id DESC LIMIT $3
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

    public async Task<int> UnreadCountAsync(Guid agentId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM routing.notifications WHERE agent_id = $1 AND read_at IS NULL");
        command.Parameters.Add(new() { Value = agentId });
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<int> MarkReadAsync(Guid agentId, IReadOnlyCollection<Guid>? ids, CancellationToken cancellationToken = default)
    {
        // The outer count sees the rows as they were before the update (one snapshot): unread before, less those marked.
        await using var command = dataSource.CreateCommand("""
            WITH marked AS (
                UPDATE routing.notifications SET read_at = now()
                WHERE agent_id = $1 AND read_at IS NULL AND ($2::uuid[] IS NULL OR id = ANY($2))
                RETURNING 1)
            SELECT (SELECT count(*) FROM routing.notifications WHERE agent_id = $1 AND read_at IS NULL) - (SELECT count(*) FROM marked)
            """);
        command.Parameters.Add(new() { Value = agentId });
        command.Parameters.Add(new() { Value = (object?)ids?.ToArray() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        var unread = (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
        await PushReadAsync(agentId, ids, unread);
        return unread;
    }

    /// <summary>
    /// Tells the agent's other consoles (another tab, another browser) what was read, so their bells agree:
    /// "notificationsRead" {ids (null: all), unread}. Best effort: a console that misses it re-reads on its next resync.
    /// </summary>
    private async Task PushReadAsync(Guid agentId, IReadOnlyCollection<Guid>? ids, int unread)
    {
        try
        {
            await grains.GetGrain<IAgentGrain>(agentId).PushAsync(LivePush.Of("notificationsRead", new { ids, unread }, agentId: agentId));
        }
        catch (Exception e)
        {
            LogPushFailed(e, agentId, 1);
        }
    }

    private static AgentNotification Read(NpgsqlDataReader reader) =>
        new(reader.GetGuid(0), reader.GetGuid(1), KindOf(reader.GetString(2)), reader.GetGuid(3),
            reader.IsDBNull(4) ? null : reader.GetGuid(4), reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7),
            reader.IsDBNull(8) ? null : reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9));

    private static string KindName(NotificationKind kind) => kind switch
    {
        NotificationKind.Transferred => "transferred",
        NotificationKind.Mentioned => "mentioned",
        NotificationKind.Bounced => "bounced",
        _ => "assigned",
    };

    private static NotificationKind KindOf(string name) => name switch
    {
        "transferred" => NotificationKind.Transferred,
        "mentioned" => NotificationKind.Mentioned,
        "bounced" => NotificationKind.Bounced,
        _ => NotificationKind.Assigned,
    };

    [LoggerMessage(LogLevel.Warning, "Pushing a notification to agent {Agent} failed (attempt {Attempt}); it is stored, and read back when the console re-reads")]
    private partial void LogPushFailed(Exception exception, Guid agent, int attempt);
}
