using MailHub.People.Http;
using Npgsql;

namespace MailHub.People.Suggestions;

/// <summary>
/// Address suggestions over members and customers' contacts. Names match anywhere (Chinese has no word breaks: 张 finds 张三
/// and 小张), addresses from their start. Ranked: recent correspondents first, the more conversations and the later the
/// higher; then members; then other customers; those whose name or address starts with what was typed before the rest.
/// Each branch is a query an index serves (the address prefix by a text_pattern_ops btree, the names by trigrams), and
/// the ranking reads the customer's own counters instead of their conversations.
/// </summary>
internal sealed class AddressBook(NpgsqlDataSource dataSource)
{
    public const int RecentDays = 30;

    public async Task<IReadOnlyList<AddressSuggestion>> SuggestAsync(string query, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH matched AS (
                SELECT k.email, k.customer_id, k.display_name FROM directory.contacts k WHERE lower(k.email) LIKE $2
                UNION
                SELECT k.email, k.customer_id, k.display_name FROM directory.contacts k WHERE lower(k.display_name) LIKE $1
                UNION
                SELECT k.email, k.customer_id, k.display_name
                FROM directory.customers c JOIN directory.contacts k ON k.customer_id = c.id WHERE lower(c.name) LIKE $1
            ), found AS (
                SELECT coalesce(m.display_name, c.name) AS name, m.email AS address,
                       CASE WHEN c.last_conversation_at > now() - make_interval(days => $4) THEN 0 ELSE 2 END AS tier,
                       c.conversation_count AS times, c.last_conversation_at AS last_at,
                       (lower(m.email) LIKE $2 OR lower(coalesce(m.display_name, c.name)) LIKE $2) AS prefix
                FROM matched m JOIN directory.customers c ON c.id = m.customer_id
                UNION ALL
                SELECT m.name, m.email, 1, 0, NULL, (lower(m.email) LIKE $2 OR lower(m.name) LIKE $2 OR lower(m.account) LIKE $2)
                FROM directory.members m
                WHERE m.active AND (lower(m.email) LIKE $2 OR lower(m.account) LIKE $2 OR lower(m.name) LIKE $1)
            )
            SELECT name, address, tier FROM found
            ORDER BY tier, times DESC, last_at DESC NULLS LAST, prefix DESC, name, address
            LIMIT $3
            """);
        var lowered = query.ToLowerInvariant();
        command.Parameters.Add(new() { Value = SqlText.Contains(lowered) });
        command.Parameters.Add(new() { Value = SqlText.StartsWith(lowered) });
        command.Parameters.Add(new() { Value = limit });
        command.Parameters.Add(new() { Value = RecentDays });
        var suggestions = new List<AddressSuggestion>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var kind = reader.GetInt32(2) switch { 0 => SuggestionKind.Recent, 1 => SuggestionKind.Member, _ => SuggestionKind.Customer };
            suggestions.Add(new AddressSuggestion(reader.GetString(0), reader.GetString(1), kind));
        }
        return suggestions;
    }
}
