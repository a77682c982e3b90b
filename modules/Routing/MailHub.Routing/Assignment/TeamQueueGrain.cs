using MailHub.Routing.Rules;
using Npgsql;

namespace MailHub.Routing.Assignment;

/// <summary>
/// Owns one team's round-robin turn: the last agent served, in memory and in <c>routing.teams</c>, read back when the
/// grain activates (after idling, or on another node after its node died) so the turn goes on where it stopped.
/// This replaced a <c>FOR UPDATE</c> lock on the team's row, held by every picker to its commit. Capacity is not
/// decided here: an agent in two teams is counted by two grains, so the picker keeps each agent's row locked in
/// the assigning transaction.
/// </summary>
internal sealed class TeamQueueGrain(NpgsqlDataSource dataSource) : Grain, ITeamQueueGrain
{
    private Guid? _lastAgentId;

    private Guid TeamId => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT last_agent_id FROM routing.teams WHERE team_id = $1");
        command.Parameters.Add(new() { Value = TeamId });
        _lastAgentId = await command.ExecuteScalarAsync(cancellationToken) as Guid?;
    }

    public async Task<Guid> ChooseAsync(IReadOnlyList<QueueCandidate> available, string strategy)
    {
        if (available.Count == 0)
            throw new ArgumentException("No agent to choose from: the picker asks only when one has room.", nameof(available));
        var chosen = strategy == RoutingStrategy.LeastOpen
            ? available.OrderBy(c => c.Open).ThenBy(c => c.LastAssignedAt ?? DateTimeOffset.MinValue).ThenBy(c => c.AgentId).First()
            : NextInTurn(available.OrderBy(c => c.AgentId).ToList(), _lastAgentId);
        await SaveTurnAsync(chosen.AgentId);
        _lastAgentId = chosen.AgentId;
        return chosen.AgentId;
    }

    /// <summary>The first candidate after the last one served, wrapping around (ids give the turn order).</summary>
    private static QueueCandidate NextInTurn(List<QueueCandidate> byId, Guid? lastAgentId) =>
        lastAgentId is { } last ? byId.FirstOrDefault(c => c.AgentId.CompareTo(last) > 0) ?? byId[0] : byId[0];

    private async Task SaveTurnAsync(Guid agentId)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO routing.teams (team_id, last_agent_id) VALUES ($1, $2)
            ON CONFLICT (team_id) DO UPDATE SET last_agent_id = excluded.last_agent_id, updated_at = now()
            """);
        command.Parameters.Add(new() { Value = TeamId });
        command.Parameters.Add(new() { Value = agentId });
        await command.ExecuteNonQueryAsync();
    }
}
