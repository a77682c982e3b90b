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
/// once that committed, pushes them ("assignment") through the agent's grain to the nodes where the agent has a
/// console open. The push runs off the request: while the grain's node is dying its calls fail, so a push is tried
/// again a second apart, up to <see cref="Attempts"/> times; what is never pushed is read back when the console
/// re-reads (it is told to, see AgentGrain).
/// </summary>
internal sealed partial class AgentNotificationHub(NpgsqlDataSource dataSource, IGrainFactory grains, ILogger<AgentNotificationHub> logger)
    : BackgroundService, IAgentNotifications
{
    private const string Columns = "id, agent_id, kind, conversation_id, from_member, from_name, note, created_at";
    private const int Attempts = 30;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly Channel<AgentNotification> _queue = Channel.CreateBounded<AgentNotification>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

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

    /// <summary>Pushes a committed notification to the agent's consoles, wherever they are (soon, off the caller's path).</summary>
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
        var push = LivePush.Of("assignment", notification, agentId: notification.AgentId);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await grains.GetGrain<IAgentGrain>(notification.AgentId).PushAsync(push);
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

    public async Task<IReadOnlyList<AgentNotification>> RecentAsync(Guid agentId, DateTimeOffset? since = null, int max = 50,
        CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"""
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

    [LoggerMessage(LogLevel.Warning, "Pushing a notification to agent {Agent} failed (attempt {Attempt}); it is stored, and read back when the console re-reads")]
    private partial void LogPushFailed(Exception exception, Guid agent, int attempt);
}
