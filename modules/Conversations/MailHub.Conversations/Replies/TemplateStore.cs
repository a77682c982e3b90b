using Npgsql;

namespace MailHub.Conversations.Replies;

/// <summary>A reply template; its text and html hold placeholders (<c>{{customer.name}}</c>) filled in for a conversation.</summary>
internal sealed record ReplyTemplate(Guid Id, string Name, string Text, string? Html, DateTimeOffset UpdatedAt);

/// <summary>Reply templates with placeholders: {{customer.name}}, {{agent.name}}, {{conversation.number}}.</summary>
internal sealed class TemplateStore(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<ReplyTemplate>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id, name, text_body, html_body, updated_at FROM conversations.templates ORDER BY name, id");
        return await ReadAsync(command, cancellationToken);
    }

    public async Task<ReplyTemplate?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id, name, text_body, html_body, updated_at FROM conversations.templates WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        return (await ReadAsync(command, cancellationToken)).FirstOrDefault();
    }

    /// <summary>Creates (id null) or replaces the template; null when the id names no template.</summary>
    public async Task<ReplyTemplate?> SaveAsync(Guid? id, string name, string text, string? html, Guid by, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(id is null
            ? "INSERT INTO conversations.templates (id, name, text_body, html_body, updated_by) VALUES ($1, $2, $3, $4, $5) RETURNING id, name, text_body, html_body, updated_at"
            : "UPDATE conversations.templates SET name = $2, text_body = $3, html_body = $4, updated_by = $5, updated_at = now() WHERE id = $1 RETURNING id, name, text_body, html_body, updated_at");
        command.Parameters.Add(new() { Value = id ?? Guid.CreateVersion7() });
        command.Parameters.Add(new() { Value = name.Trim() });
        command.Parameters.Add(new() { Value = text });
        command.Parameters.Add(new() { Value = (object?)html ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
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
            templates.Add(new ReplyTemplate(reader.GetGuid(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4)));
        return templates;
    }
}
