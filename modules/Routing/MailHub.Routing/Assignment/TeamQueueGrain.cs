using MailHub.Routing.Presence;
using MailHub.Routing.Rules;
using Npgsql;

namespace MailHub.Routing.Assignment;

/// <summary>
/// Owns one team's round-robin turn: the last agent served, in memory and in <c>routing.teams</c>, read back when the
/// grain activates (after idling, or on another node after its node died) so the turn goes on where it stopped.
/// Capacity is the agents' own: it asks each agent in turn for a place (<see cref="IAgentLoadGrain.TryReserveAsync"/>)
/// and gives the conversation to the first who has one, so an agent in two teams is counted once, by their grain.
/// Calls go team → agent only; an agent's load methods call no grain, so this grain never waits on itself.
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

    public async Task<Guid?> ChooseAsync(Guid conversationId, IReadOnlyList<Guid> members, string strategy)
    {
        var order = strategy == RoutingStrategy.LeastOpen ? await ByLeastOpenAsync(members) : InTurn(members);
        foreach (var agentId in order)
        {
            if (!await GrainFactory.GetGrain<IAgentLoadGrain>(agentId).TryReserveAsync(conversationId))
                continue; // offline or full: the next in turn
            await SaveTurnAsync(agentId);
            _lastAgentId = agentId;
            return agentId;
        }
        return null;
    }

    /// <summary>The members from the one after the last served, wrapping around (ids give the turn order).</summary>
    private List<Guid> InTurn(IReadOnlyList<Guid> members)
    {
        var byId = members.Distinct().Order().ToList();
        var next = _lastAgentId is { } last ? byId.FindIndex(id => id.CompareTo(last) > 0) : 0;
        return next <= 0 ? byId : [.. byId[next..], .. byId[..next]];
    }

    /// <summary>Those with room, fewest open first, then whoever got one least recently.</summary>
    private async Task<List<Guid>> ByLeastOpenAsync(IReadOnlyList<Guid> members)
    {
        var ids = members.Distinct().ToList();
        var loads = await Task.WhenAll(ids.Select(id => GrainFactory.GetGrain<IAgentLoadGrain>(id).GetLoadAsync()));
        return ids.Zip(loads).Where(l => l.Second.HasRoom)
            .OrderBy(l => l.Second.Open).ThenBy(l => l.Second.LastGivenAt ?? DateTimeOffset.MinValue).ThenBy(l => l.First)
            .Select(l => l.First).ToList();
    }

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
