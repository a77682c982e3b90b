using System.Text.Json.Serialization;
using Npgsql;
using NpgsqlTypes;

namespace MailHub.Conversations.Replies;

/// <summary>Whose a canned reply is: everyone's, one team's, or one agent's own.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TemplateScope>))]
internal enum TemplateScope
{
    [JsonStringEnumMemberName("shared")] Shared,
    [JsonStringEnumMemberName("team")] Team,
    [JsonStringEnumMemberName("personal")] Personal,
}

/// <summary>
/// A reply template (a canned reply); its text and html hold placeholders (<c>{{customer.name}}</c>) filled in for a
/// conversation. <see cref="TeamId"/> is set for a team's, <see cref="OwnerId"/> for an agent's own.
/// </summary>
internal sealed record ReplyTemplate(Guid Id, string Name, string Text, string? Html, TemplateScope Scope, Guid? TeamId, Guid? OwnerId,
    DateTimeOffset UpdatedAt);

/// <summary>Who reads templates: their own, their teams', everyone's; <see cref="SeesAllTeams"/> reads every team's too.</summary>
internal sealed record TemplateReader(Guid AccountId, bool SeesAllTeams, IReadOnlyList<Guid> Teams)
{
    public bool MaySee(ReplyTemplate template) => template.Scope switch
    {
        TemplateScope.Personal => template.OwnerId == AccountId,
        TemplateScope.Team => SeesAllTeams || Teams.Contains(template.TeamId!.Value),
        _ => true,
    };
}

/// <summary>Reply templates with placeholders: {{customer.name}}, {{agent.name}}, {{conversation.number}}.</summary>
internal sealed class TemplateStore(NpgsqlDataSource dataSource)
{
    private const string Columns = "id, name, text_body, html_body, team_id, owner_id, updated_at";

    /// <summary>The templates <paramref name="reader"/> may use, by name.</summary>
    public async Task<IReadOnlyList<ReplyTemplate>> ListAsync(TemplateReader reader, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {Columns} FROM conversations.templates
            WHERE owner_id = $1 OR (owner_id IS NULL AND (team_id IS NULL OR $2 OR team_id = ANY($3)))
            ORDER BY name, id
            """);
        command.Parameters.Add(new() { Value = reader.AccountId });
        command.Parameters.Add(new() { Value = reader.SeesAllTeams });
        command.Parameters.Add(new() { Value = reader.Teams.ToArray() });
        return await ReadAsync(command, cancellationToken);
    }

    public async Task<ReplyTemplate?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM conversations.templates WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        return (await ReadAsync(command, cancellationToken)).FirstOrDefault();
    }

    /// <summary>Creates (id null) or replaces the template; null when the id names no template.</summary>
    public async Task<ReplyTemplate?> SaveAsync(Guid? id, string name, string text, string? html, Guid? teamId, Guid? ownerId, Guid by,
        CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(id is null
            ? $"INSERT INTO conversations.templates (id, name, text_body, html_body, team_id, owner_id, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {Columns}"
            : $"UPDATE conversations.templates SET name = $2, text_body = $3, html_body = $4, team_id = $5, owner_id = $6, updated_by = $7, updated_at = now() WHERE id = $1 RETURNING {Columns}");
        command.Parameters.Add(new() { Value = id ?? Guid.CreateVersion7() });
        command.Parameters.Add(new() { Value = name.Trim() });
        command.Parameters.Add(new() { Value = text });
        command.Parameters.Add(new() { Value = (object?)html ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)teamId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = (object?)ownerId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = by });
        return (await ReadAsync(command, cancellationToken)).FirstOrDefault();
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM conversations.templates WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public static string Fill(string template, IReadOnlyDictionary<string, string> values) =>
        System.Text.RegularExpressions.Regex.Replace(template, @"\{\{\s*([a-z]+\.[a-z]+)\s*\}\}",
            match => values.TryGetValue(match.Groups[1].Value, out var value) ? value : match.Value,
            System.Text.RegularExpressions.RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));

    private static async Task<IReadOnlyList<ReplyTemplate>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var templates = new List<ReplyTemplate>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            Guid? teamId = reader.IsDBNull(4) ? null : reader.GetGuid(4);
            Guid? ownerId = reader.IsDBNull(5) ? null : reader.GetGuid(5);
            var scope = ownerId is not null ? TemplateScope.Personal : teamId is not null ? TemplateScope.Team : TemplateScope.Shared;
            templates.Add(new ReplyTemplate(reader.GetGuid(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), scope, teamId, ownerId, reader.GetFieldValue<DateTimeOffset>(6)));
        }
        return templates;
    }
}
