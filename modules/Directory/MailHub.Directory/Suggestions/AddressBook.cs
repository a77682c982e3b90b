using MailHub.People.Http;
using Npgsql;

namespace MailHub.People.Suggestions;

/// <summary>
/// Address suggestions over members and customers' contacts. Names match anywhere (Chinese has no word breaks: 张 finds 张三
/// and 小张), addresses from their start. Ranked: recent correspondents first (a conversation in the last
/// <see cref="RecentDays"/> days), the more conversations and the later the last the higher; then members (those whose name,
/// account or address starts with what was typed first); then other customers in the same order as the recent ones.
/// </summary>
/// <remarks>
/// A short query matches thousands (王 is one customer in twenty), so no branch reads all its matches: each way of matching
/// (the customer's name, the contact's address, the contact's display name) takes its best <c>limit</c> twice, among recent
/// customers and among all, in the order of the <c>customers_rank</c> index (directory migration 0005), which lets PostgreSQL
/// read customers best first and stop at the limit, or, for a rare query, find the few through its index (one or two
/// characters by the index of the names' characters, longer names by trigrams, addresses by their prefix) and sort them. The union of those
/// best few holds the overall best: the recent ones are all in the first takes, and the best of the rest are in the second.
/// </remarks>
internal sealed class AddressBook(NpgsqlDataSource dataSource)
{
    public const int RecentDays = 30;

    private const string Recent = "c.last_conversation_at > now() - make_interval(days => $4)";
    private const string Rank = "c.conversation_count DESC, c.last_conversation_at DESC NULLS LAST, c.id DESC";

    public async Task<IReadOnlyList<AddressSuggestion>> SuggestAsync(string query, int limit, CancellationToken cancellationToken)
    {
        var lowered = query.ToLowerInvariant();
        // One or two characters: the index of the names' characters. One character alone is exact; for two, the LIKE keeps those
        // that have them side by side. (With a LIKE beside the one character PostgreSQL would count the two conditions as
        // independent, expect a twentieth of the matches of 王, and sort them all instead of reading customers in rank order.)
        var characters = lowered.EnumerateRunes().Select(r => r.ToString()).Distinct().ToArray();
        var length = lowered.EnumerateRunes().Count();
        string NameMatches(string column) => length switch
        {
            1 => $"string_to_array(lower({column}), NULL) @> $5",
            2 => $"(string_to_array(lower({column}), NULL) @> $5 AND lower({column}) LIKE $1)",
            _ => $"lower({column}) LIKE $1",
        };
        var ways = new[] { NameMatches("c.name"), "lower(k.email) LIKE $2", NameMatches("k.display_name") };
        var takes = ways.SelectMany(way => new[] { $"{way} AND {Recent}", way }).Select(where => $"""
            (SELECT k.email, coalesce(k.display_name, c.name) AS name, c.id, c.conversation_count, c.last_conversation_at
             FROM directory.customers c JOIN directory.contacts k ON k.customer_id = c.id
             WHERE {where}
             ORDER BY {Rank} LIMIT $3)
            """);
        await using var command = dataSource.CreateCommand($"""
            WITH customer_hits AS (
                {string.Join("\nUNION\n", takes)}
            ), found AS (
                SELECT h.name, h.email AS address, CASE WHEN h.last_conversation_at > now() - make_interval(days => $4) THEN 0 ELSE 2 END AS tier,
                       h.conversation_count AS times, h.last_conversation_at AS last_at, h.id AS customer_id, false AS prefix
                FROM customer_hits h
                UNION ALL
                (SELECT m.name, m.email, 1, 0, NULL, NULL, (lower(m.email) LIKE $2 OR lower(m.name) LIKE $2 OR lower(m.account) LIKE $2) AS prefix
                 FROM directory.members m
                 WHERE m.active AND (lower(m.email) LIKE $2 OR lower(m.account) LIKE $2 OR {NameMatches("m.name")})
                 ORDER BY prefix DESC, m.name, m.email
                 LIMIT $3)
            )
            SELECT name, address, tier FROM found
            ORDER BY tier, times DESC, last_at DESC NULLS LAST, customer_id DESC, prefix DESC, name, address
            LIMIT $3
            """);
        command.Parameters.Add(new() { Value = SqlText.Contains(lowered) });
        command.Parameters.Add(new() { Value = SqlText.StartsWith(lowered) });
        command.Parameters.Add(new() { Value = limit });
        command.Parameters.Add(new() { Value = RecentDays });
        command.Parameters.Add(new() { Value = characters });
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
