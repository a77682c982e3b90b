using MailHub.Routing.Rules;
using Npgsql;
using NpgsqlTypes;

namespace MailHub.Routing.Teams;

/// <summary>Teams' settings in <c>routing.teams</c> (beside the round-robin turn); a team with no row is round-robin with no capacity of its own.</summary>
internal sealed class TeamSettingsStore(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<TeamSettings>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT team_id, strategy, default_capacity FROM routing.teams ORDER BY team_id");
        var teams = new List<TeamSettings>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            teams.Add(new TeamSettings(reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt32(2)));
        return teams;
    }

    public async Task<TeamSettings> FindAsync(Guid teamId, CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(t => t.TeamId == teamId) ?? new TeamSettings(teamId, RoutingStrategy.RoundRobin, null);

    /// <summary>The strategy a rule or a hand-over to the team uses when it names none.</summary>
    public async Task<string> StrategyOfAsync(Guid teamId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT strategy FROM routing.teams WHERE team_id = $1");
        command.Parameters.Add(new() { Value = teamId });
        return await command.ExecuteScalarAsync(cancellationToken) as string ?? RoutingStrategy.RoundRobin;
    }

    /// <summary>The largest default capacity among <paramref name="teamIds"/> (an agent in two teams starts with the larger), or null.</summary>
    public async Task<int?> DefaultCapacityOfAsync(IReadOnlyList<Guid> teamIds, CancellationToken cancellationToken)
    {
        if (teamIds.Count == 0)
            return null;
        await using var command = dataSource.CreateCommand("SELECT max(default_capacity) FROM routing.teams WHERE team_id = ANY($1)");
        command.Parameters.Add(new() { Value = teamIds.ToArray() });
        return await command.ExecuteScalarAsync(cancellationToken) as int?;
    }

    public async Task SaveAsync(TeamSettings settings, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO routing.teams (team_id, strategy, default_capacity) VALUES ($1, $2, $3)
            ON CONFLICT (team_id) DO UPDATE SET strategy = excluded.strategy, default_capacity = excluded.default_capacity, updated_at = now()
            """);
        command.Parameters.Add(new() { Value = settings.TeamId });
        command.Parameters.Add(new() { Value = settings.Strategy });
        command.Parameters.Add(new() { Value = (object?)settings.DefaultCapacity ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
