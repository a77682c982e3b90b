using MailHub.People.Contracts;
using MailHub.Routing.Rules;
using Npgsql;

namespace MailHub.Routing.Assignment;

/// <summary>
/// Chooses the agent of a team for a conversation, inside the caller's transaction. It locks the candidate
/// agents' rows (in id order) and counts their open conversations, so an agent shared by two teams is never
/// filled past capacity by both at once; then the team's <see cref="ITeamQueueGrain"/>, which owns the team's
/// round-robin turn, chooses among those with room. Locks are always taken conversation → agents, the same
/// order on every path.
/// </summary>
internal sealed class AgentPicker(IMemberDirectory directory, IGrainFactory grains)
{
    /// <summary>The agent to take the conversation, or null when none is online with room (it waits in the queue).</summary>
    public async Task<MemberRef?> PickAsync(NpgsqlTransaction transaction, Guid teamId, string strategy, CancellationToken cancellationToken)
    {
        if (strategy == RoutingStrategy.Manual)
            return null;
        var members = await directory.MembersOfDepartmentAsync(teamId, cancellationToken);
        if (members.Count == 0)
            return null;
        var available = (await LockCandidatesAsync(transaction, members.Select(m => m.Id).ToArray(), cancellationToken))
            .Where(c => c.Open < c.Capacity)
            .Select(c => new QueueCandidate(c.Id, c.Open, c.LastAssignedAt))
            .ToList();
        if (available.Count == 0)
            return null;

        var chosen = await grains.GetGrain<ITeamQueueGrain>(teamId).ChooseAsync(available, strategy);
        await RecordPickAsync(transaction, chosen, cancellationToken);
        return members.First(m => m.Id == chosen);
    }

    private sealed record Candidate(Guid Id, int Capacity, long Open, DateTimeOffset? LastAssignedAt);

    /// <summary>
    /// Locks the online members' rows in id order, then counts their open conversations. Two statements: the count
    /// must see what the transaction that held a lock before us committed, and under READ COMMITTED only a statement
    /// that starts after the wait does (a count in the locking statement is of the snapshot taken before it waited).
    /// </summary>
    private static async Task<IReadOnlyList<Candidate>> LockCandidatesAsync(NpgsqlTransaction transaction, Guid[] memberIds,
        CancellationToken cancellationToken)
    {
        await using (var lockAgents = new NpgsqlCommand(
            "SELECT agent_id FROM routing.agents WHERE agent_id = ANY($1) AND status = 'online' ORDER BY agent_id FOR UPDATE",
            transaction.Connection, transaction))
        {
            lockAgents.Parameters.Add(new() { Value = memberIds });
            await lockAgents.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var command = new NpgsqlCommand("""
            SELECT a.agent_id, a.capacity, a.last_assigned_at,
                   (SELECT count(*) FROM routing.assignments x WHERE x.agent_id = a.agent_id AND x.state = 'open')
            FROM routing.agents a
            WHERE a.agent_id = ANY($1) AND a.status = 'online'
            ORDER BY a.agent_id
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

    private static async Task RecordPickAsync(NpgsqlTransaction transaction, Guid agentId, CancellationToken cancellationToken)
    {
        await using var agent = new NpgsqlCommand("UPDATE routing.agents SET last_assigned_at = clock_timestamp() WHERE agent_id = $1",
            transaction.Connection, transaction);
        agent.Parameters.Add(new() { Value = agentId });
        await agent.ExecuteNonQueryAsync(cancellationToken);
    }
}
