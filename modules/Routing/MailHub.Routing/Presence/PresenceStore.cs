using MailHub.People.Contracts;
using MailHub.Routing.Teams;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace MailHub.Routing.Presence;

internal sealed record AgentPresence(Guid AgentId, string Status, int Capacity, long Open, DateTimeOffset? StatusChangedAt);

/// <summary>
/// What an agent's grain knows of their consoles, kept in the presence row for the next activation: whether any is open,
/// since when none is (the offline grace runs from then), and whether the grace took them offline from "away".
/// </summary>
internal sealed record AgentConsoles(bool Open, DateTimeOffset? ClosedAt, bool BackAway)
{
    public static readonly AgentConsoles None = new(false, null, false);
}

/// <summary>
/// Agents' presence and capacity in <c>routing.agents</c>; an agent with no row is offline. A new row starts with the
/// largest default capacity of the agent's teams, else <see cref="RoutingOptions.DefaultCapacity"/>.
/// </summary>
internal sealed class PresenceStore(NpgsqlDataSource dataSource, IOptionsMonitor<RoutingOptions> options, IMemberDirectory directory,
    TeamSettingsStore teams)
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
        command.Parameters.Add(new() { Value = await StartingCapacityAsync(agentId, cancellationToken) });
        string before;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            before = reader.GetString(0);
        }
        return (before, (await FindAsync(agentId, cancellationToken))!);
    }

    /// <summary>The capacity an agent's row starts with (used only when the row is new).</summary>
    private async Task<int> StartingCapacityAsync(Guid agentId, CancellationToken cancellationToken) =>
        await teams.DefaultCapacityOfAsync(await directory.DepartmentsOfAsync(agentId, cancellationToken), cancellationToken)
        ?? options.CurrentValue.DefaultCapacity;

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

    public async Task<AgentConsoles> ConsolesAsync(Guid agentId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT consoles_open, consoles_closed_at, back_away FROM routing.agents WHERE agent_id = $1");
        command.Parameters.Add(new() { Value = agentId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return AgentConsoles.None;
        return new AgentConsoles(reader.GetBoolean(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1), reader.GetBoolean(2));
    }

    /// <summary>Records the grain's knowledge of the consoles (an agent with no row gets one, offline).</summary>
    public async Task SetConsolesAsync(Guid agentId, AgentConsoles consoles, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO routing.agents AS a (agent_id, capacity, consoles_open, consoles_closed_at, back_away) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (agent_id) DO UPDATE SET consoles_open = $3, consoles_closed_at = $4, back_away = $5
            """);
        command.Parameters.Add(new() { Value = agentId });
        command.Parameters.Add(new() { Value = await StartingCapacityAsync(agentId, cancellationToken) });
        command.Parameters.Add(new() { Value = consoles.Open });
        command.Parameters.Add(new() { Value = (object?)consoles.ClosedAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = consoles.BackAway });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The agents whose grain has consoles or a grace to account for (see <see cref="PresenceSupervisor"/>).</summary>
    public async Task<IReadOnlyList<Guid>> AttendedAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT agent_id FROM routing.agents WHERE consoles_open OR consoles_closed_at IS NOT NULL");
        var agents = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            agents.Add(reader.GetGuid(0));
        return agents;
    }

    public static async Task<string> StatusOfAsync(NpgsqlTransaction transaction, Guid agentId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT status FROM routing.agents WHERE agent_id = $1", transaction.Connection, transaction);
        command.Parameters.Add(new() { Value = agentId });
        return await command.ExecuteScalarAsync(cancellationToken) as string ?? Offline;
    }
}
