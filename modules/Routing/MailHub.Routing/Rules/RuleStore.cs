using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace MailHub.Routing.Rules;

/// <summary>Rules in <c>routing.rules</c>, evaluated by ascending order (then by creation).</summary>
internal sealed class RuleStore(NpgsqlDataSource dataSource)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string Columns = "id, name, sort_order, conditions::text, team_id, agent_id, strategy, enabled";

    public async Task<IReadOnlyList<RoutingRule>> ListAsync(bool enabledOnly, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM routing.rules WHERE enabled OR NOT $1 ORDER BY sort_order, created_at, id");
        command.Parameters.Add(new() { Value = enabledOnly });
        return await ReadAsync(command, cancellationToken);
    }

    public async Task<RoutingRule?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM routing.rules WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        return (await ReadAsync(command, cancellationToken)).FirstOrDefault();
    }

    /// <summary>The first enabled rule that matches, in order.</summary>
    public async Task<RoutingRule?> FirstMatchAsync(ConversationFacts conversation, CancellationToken cancellationToken) =>
        (await ListAsync(enabledOnly: true, cancellationToken)).FirstOrDefault(rule => rule.Conditions.Matches(conversation));

    public async Task SaveAsync(RoutingRule rule, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO routing.rules (id, name, sort_order, conditions, team_id, agent_id, strategy, enabled)
            VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8)
            ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, sort_order = EXCLUDED.sort_order, conditions = EXCLUDED.conditions,
                team_id = EXCLUDED.team_id, agent_id = EXCLUDED.agent_id, strategy = EXCLUDED.strategy, enabled = EXCLUDED.enabled,
                updated_at = now()
            """);
        command.Parameters.Add(new() { Value = rule.Id });
        command.Parameters.Add(new() { Value = rule.Name });
        command.Parameters.Add(new() { Value = rule.Order });
        command.Parameters.Add(new() { Value = JsonSerializer.Serialize(rule.Conditions, Json) });
        command.Parameters.Add(new() { Value = (object?)rule.TeamId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = (object?)rule.AgentId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = rule.Strategy });
        command.Parameters.Add(new() { Value = rule.Enabled });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM routing.rules WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static async Task<IReadOnlyList<RoutingRule>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rules = new List<RoutingRule>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rules.Add(new RoutingRule(
                reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2),
                JsonSerializer.Deserialize<RuleConditions>(reader.GetString(3), Json) ?? new RuleConditions(),
                reader.IsDBNull(4) ? null : reader.GetGuid(4), reader.IsDBNull(5) ? null : reader.GetGuid(5),
                reader.GetString(6), reader.GetBoolean(7)));
        }
        return rules;
    }
}
