using MailHub.People.Contracts;
using MailHub.Routing.Rules;
using Npgsql;

namespace MailHub.Routing.Assignment;

/// <summary>
/// Chooses the agent of a team for a conversation, inside the caller's transaction. It locks the
/// team's row first, so pickers of one team run one after another and round-robin's "last agent"
/// never hands two conversations to the same turn; then it locks the candidate agents' rows (in id
/// order) so an agent shared by two teams is never filled past capacity by both at once. Locks are
/// always taken conversation → team → agents, which keeps the order the same on every path.
/// </summary>
internal sealed class AgentPicker(IMemberDirectory directory)
{
    private sealed record Candidate(Guid Id, int Capacity, long Open, DateTimeOffset? LastAssignedAt);

    /// <summary>The agent to take the conversation, or null when none is online with room (it waits in the queue).</summary>
    public async Task<MemberRef?> PickAsync(NpgsqlTransaction transaction, Guid teamId, string strategy, CancellationToken cancellationToken)
    {
        if (strategy == RoutingStrategy.Manual)
            return null;
        var lastAgentId = await LockTeamAsync(transaction, teamId, cancellationToken);
        var members = await directory.MembersOfDepartmentAsync(teamId, cancellationToken);
        if (members.Count == 0)
            return null;
        var available = (await LockCandidatesAsync(transaction, members.Select(m => m.Id).ToArray(), cancellationToken))
            .Where(c => c.Open < c.Capacity)
            .ToList();
        if (available.Count == 0)
            return null;

        var chosen = strategy == RoutingStrategy.LeastOpen
            ? available.OrderBy(c => c.Open).ThenBy(c => c.LastAssignedAt ?? DateTimeOffset.MinValue).ThenBy(c => c.Id).First()
            : NextInTurn(available.OrderBy(c => c.Id).ToList(), lastAgentId);
        await RecordPickAsync(transaction, teamId, chosen.Id, cancellationToken);
        return members.First(m => m.Id == chosen.Id);
    }

    /// <summary>The first candidate after the last one served, wrapping around (ids give the turn order).</summary>
    private static Candidate NextInTurn(List<Candidate> byId, Guid? lastAgentId) =>
        lastAgentId is { } last ? byId.FirstOrDefault(c => c.Id.CompareTo(last) > 0) ?? byId[0] : byId[0];

    private static async Task<Guid?> LockTeamAsync(NpgsqlTransaction transaction, Guid teamId, CancellationToken cancellationToken)
    {
        await using (var ensure = new NpgsqlCommand("INSERT INTO routing.teams (team_id) VALUES ($1) ON CONFLICT DO NOTHING",
            transaction.Connection, transaction))
        {
            ensure.Parameters.Add(new() { Value = teamId });
            await ensure.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var select = new NpgsqlCommand("SELECT last_agent_id FROM routing.teams WHERE team_id = $1 FOR UPDATE",
            transaction.Connection, transaction);
        select.Parameters.Add(new() { Value = teamId });
        return await select.ExecuteScalarAsync(cancellationToken) as Guid?;
    }

    private static async Task<IReadOnlyList<Candidate>> LockCandidatesAsync(NpgsqlTransaction transaction, Guid[] memberIds,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT a.agent_id, a.capacity, a.last_assigned_at,
                   (SELECT count(*) FROM routing.assignments x WHERE x.agent_id = a.agent_id AND x.state = 'open')
            FROM routing.agents a
            WHERE a.agent_id = ANY($1) AND a.status = 'online'
            ORDER BY a.agent_id
            FOR UPDATE OF a
            """, transaction.Connection, transaction);
        command.Parameters.Add(new() { Value = memberIds });
        var candidates = new List<Candidate>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            candidates.Add(new Candidate(reader.GetGuid(0), reader.GetInt32(1),
                reader.GetInt64(3), reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2)));
        }
        return candidates;
    }

    private static async Task RecordPickAsync(NpgsqlTransaction transaction, Guid teamId, Guid agentId, CancellationToken cancellationToken)
    {
        await using var team = new NpgsqlCommand("UPDATE routing.teams SET last_agent_id = $2, updated_at = now() WHERE team_id = $1",
            transaction.Connection, transaction);
        team.Parameters.Add(new() { Value = teamId });
        team.Parameters.Add(new() { Value = agentId });
        await team.ExecuteNonQueryAsync(cancellationToken);
        await using var agent = new NpgsqlCommand("UPDATE routing.agents SET last_assigned_at = clock_timestamp() WHERE agent_id = $1",
            transaction.Connection, transaction);
        agent.Parameters.Add(new() { Value = agentId });
        await agent.ExecuteNonQueryAsync(cancellationToken);
    }
}
