using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace MailHub.Routing.Presence;

internal sealed record AgentPresence(Guid AgentId, string Status, int Capacity, long Open, DateTimeOffset? StatusChangedAt);

/// <summary>Agents' presence and capacity in <c>routing.agents</c>; an agent with no row is offline.</summary>
internal sealed class PresenceStore(NpgsqlDataSource dataSource, IOptionsMonitor<RoutingOptions> options)
{
    public const string Online = "online";
    public const string Away = "away";
    public const string Offline = "offline";

    public static bool IsKnown(string status) => status is Online or Away or Offline;

    /// <summary>Sets what is given (null keeps the current value) and answers the status before and after.</summary>
    public async Task<(string Before, AgentPresence After)> SetAsync(Guid agentId, string? status, int? capacity, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH before AS (SELECT status FROM routing.agents WHERE agent_id = $1) -- the statement's snapshot: the old status
            INSERT INTO routing.agents AS a (agent_id, status, capacity) VALUES ($1, coalesce($2, 'offline'), coalesce($3, $4))
            ON CONFLICT (agent_id) DO UPDATE SET
                status = coalesce($2, a.status),
                capacity = coalesce($3, a.capacity),
                status_changed_at = CASE WHEN coalesce($2, a.status) <> a.status THEN now() ELSE a.status_changed_at END
            RETURNING coalesce((SELECT status FROM before), 'offline'), status, capacity, status_changed_at
            """);
        command.Parameters.Add(new() { Value = agentId });
        command.Parameters.Add(new() { Value = (object?)status ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)capacity ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new() { Value = options.CurrentValue.DefaultCapacity });
        string before;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            before = reader.GetString(0);
        }
        return (before, (await FindAsync(agentId, cancellationToken))!);
    }

    public async Task<AgentPresence?> FindAsync(Guid agentId, CancellationToken cancellationToken) =>
        (await ListAsync([agentId], cancellationToken)).FirstOrDefault();

    /// <summary>The presence of the given agents, or of every agent that ever set one.</summary>
    public async Task<IReadOnlyList<AgentPresence>> ListAsync(Guid[]? agentIds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT a.agent_id, a.status, a.capacity, a.status_changed_at,
                   (SELECT count(*) FROM routing.assignments x WHERE x.agent_id = a.agent_id AND x.state = 'open')
            FROM routing.agents a WHERE $1::uuid[] IS NULL OR a.agent_id = ANY($1)
            ORDER BY a.agent_id
            """);
        command.Parameters.Add(new() { Value = (object?)agentIds ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        var presences = new List<AgentPresence>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            presences.Add(new AgentPresence(reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt64(4),
                reader.GetFieldValue<DateTimeOffset>(3)));
        }
        return presences;
    }

    public static async Task<string> StatusOfAsync(NpgsqlTransaction transaction, Guid agentId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT status FROM routing.agents WHERE agent_id = $1", transaction.Connection, transaction);
        command.Parameters.Add(new() { Value = agentId });
        return await command.ExecuteScalarAsync(cancellationToken) as string ?? Offline;
    }
}
