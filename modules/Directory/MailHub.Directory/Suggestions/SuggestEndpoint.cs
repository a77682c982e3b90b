using MailHub.Core.Http;
using MailHub.People.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Npgsql;

namespace MailHub.People.Suggestions;

internal static class SuggestEndpoint
{
    public sealed record Suggestion(string Name, string Email, string Kind);

    private const int Top = 10;

    public static void MapSuggest(this IEndpointRouteBuilder directory) =>
        directory.MapGet("/suggest", async (string? q, NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        {
            var query = SqlText.Clean(q);
            return query is null ? [] : await SuggestAsync(dataSource, query, cancellationToken);
        })
        .WithSummary("Addresses for the reply form: members and contacts whose name or address contains q, prefix matches first, top 10.");

    private static async Task<IReadOnlyList<Suggestion>> SuggestAsync(NpgsqlDataSource dataSource, string query, CancellationToken cancellationToken)
    {
        // $1 matches anywhere, $2 only at the start: a name or address that starts with what was typed ranks first.
        await using var command = dataSource.CreateCommand("""
            SELECT name, email, kind FROM (
                SELECT m.name, m.email, 'member' AS kind, (m.name ILIKE $2 OR m.email ILIKE $2 OR m.account ILIKE $2) AS prefix
                FROM directory.members m
                WHERE m.name ILIKE $1 OR m.email ILIKE $1 OR m.account ILIKE $1
                UNION ALL
                SELECT coalesce(k.display_name, c.name), k.email, 'contact', (k.email ILIKE $2 OR k.display_name ILIKE $2 OR c.name ILIKE $2)
                FROM directory.contacts k JOIN directory.customers c ON c.id = k.customer_id
                WHERE k.email ILIKE $1 OR k.display_name ILIKE $1 OR c.name ILIKE $1
            ) AS found
            ORDER BY prefix DESC, kind DESC, name, email
            LIMIT $3
            """);
        command.Parameters.Add(new() { Value = SqlText.Contains(query) });
        command.Parameters.Add(new() { Value = SqlText.StartsWith(query) });
        command.Parameters.Add(new() { Value = Top });
        var suggestions = new List<Suggestion>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            suggestions.Add(new Suggestion(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        return suggestions;
    }
}
