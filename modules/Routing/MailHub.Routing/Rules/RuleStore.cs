using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace MailHub.Routing.Rules;

/// <summary>Rules in <c>routing.rules</c>, evaluated by ascending order (then by creation).</summary>
internal sealed class RuleStore(NpgsqlDataSource dataSource)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string Columns = "id, name, sort_order, conditions::text, team_id, agent_id, strategy, enabled, tags, priority";

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
            INSERT INTO routing.rules (id, name, sort_order, conditions, team_id, agent_id, strategy, enabled, tags, priority)
            VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, sort_order = EXCLUDED.sort_order, conditions = EXCLUDED.conditions,
                team_id = EXCLUDED.team_id, agent_id = EXCLUDED.agent_id, strategy = EXCLUDED.strategy, enabled = EXCLUDED.enabled,
                tags = EXCLUDED.tags, priority = EXCLUDED.priority, updated_at = now()
            """);
        command.Parameters.Add(new() { Value = rule.Id });
        command.Parameters.Add(new() { Value = rule.Name });
        command.Parameters.Add(new() { Value = rule.Order });
        command.Parameters.Add(new() { Value = JsonSerializer.Serialize(rule.Conditions, Json) });
        command.Parameters.Add(new() { Value = (object?)rule.TeamId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = (object?)rule.AgentId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = (object?)rule.Strategy ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = rule.Enabled });
        command.Parameters.Add(new() { Value = rule.Tags.ToArray() });
        command.Parameters.Add(new() { Value = (object?)rule.Priority ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Puts the rules in the order given (the first is tried first), in one statement; false when the ids are not exactly
    /// the rules there are (one was added or deleted meanwhile), and then nothing changes.
    /// </summary>
    public async Task<bool> ReorderAsync(IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH wanted AS (SELECT id, ordinality FROM unnest($1::uuid[]) WITH ORDINALITY AS w(id, ordinality)),
                 same AS (SELECT (SELECT count(*) FROM routing.rules) = cardinality($1::uuid[])
                             AND (SELECT count(DISTINCT id) FROM wanted) = cardinality($1::uuid[])
                             AND NOT EXISTS (SELECT 1 FROM wanted w WHERE NOT EXISTS (SELECT 1 FROM routing.rules r WHERE r.id = w.id)) AS ok)
            UPDATE routing.rules r SET sort_order = w.ordinality * 10, updated_at = now()
            FROM wanted w, same WHERE same.ok AND r.id = w.id
            """);
        command.Parameters.Add(new() { Value = ids.ToArray() });
        return await command.ExecuteNonQueryAsync(cancellationToken) == ids.Count && ids.Count > 0;
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
                reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetBoolean(7), reader.GetFieldValue<string[]>(8),
                reader.IsDBNull(9) ? null : reader.GetString(9)));
        }
        return rules;
    }
}
