using MailHub.Core.Live;
using MailHub.Routing.Contracts;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace MailHub.Routing.Notifications;

/// <summary>
/// Records notifications in <c>routing.notifications</c> in the transaction of the change that causes them and,
/// once that committed, pushes them ("assignment") through the agent's grain to the nodes where the agent has a
/// console open. A push lost on the way (the grain's node died) is read back: the console is told to re-read.
/// </summary>
internal sealed partial class AgentNotificationHub(NpgsqlDataSource dataSource, IGrainFactory grains, ILogger<AgentNotificationHub> logger)
    : IAgentNotifications
{
    private const string Columns = "id, agent_id, kind, conversation_id, from_member, from_name, note, created_at";

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

    /// <summary>Pushes a committed notification to the agent's consoles, wherever they are.</summary>
    public async Task PublishAsync(AgentNotification notification)
    {
        try
        {
            await grains.GetGrain<IAgentGrain>(notification.AgentId).PushAsync(LivePush.Of("assignment", notification, agentId: notification.AgentId));
        }
        catch (Exception e)
        {
            LogPushFailed(e, notification.AgentId);
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

    [LoggerMessage(LogLevel.Warning, "Could not push a notification to agent {Agent}; it is stored, and read back when the console re-reads")]
    private partial void LogPushFailed(Exception exception, Guid agent);
}
