using FastEndpoints;
using FluentValidation;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Builder;
using MailHub.People.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace MailHub.People.Suggestions;

/// <summary>What was typed into an address field so far.</summary>
internal sealed record SuggestAddressesRequest([property: QueryParam] string? Q);

internal sealed class SuggestAddressesRequestValidator : Validator<SuggestAddressesRequest>
{
    public SuggestAddressesRequestValidator() => RuleFor(r => r.Q).SearchQuery();
}

/// <summary>GET /api/directory/suggest: addresses for the reply form as the agent types.</summary>
internal sealed class SuggestAddresses(NpgsqlDataSource dataSource) : Endpoint<SuggestAddressesRequest, IReadOnlyList<Suggestion>>
{
    private const int Top = 10;

    public override void Configure()
    {
        Get("/directory/suggest");
        Options(b => b.RequireRateLimiting(RateLimitPolicies.Search));
        Description(d => d.ProducesProblem(StatusCodes.Status429TooManyRequests));
        Summary(s =>
        {
            s.Summary = "Addresses for the reply form: members and contacts whose name or address contains q.";
            s.Description = $"At most {Top}: those that start with q first, then members before contacts, then by name. An empty or "
                + "missing q answers an empty list. Rate limited (Search): 429 with Retry-After when spent.";
        });
    }

    public override async Task HandleAsync(SuggestAddressesRequest request, CancellationToken cancellationToken)
    {
        var query = SqlText.Clean(request.Q);
        await Send.OkAsync(query is null ? [] : await SuggestAsync(query, cancellationToken), cancellationToken);
    }

    private async Task<IReadOnlyList<Suggestion>> SuggestAsync(string query, CancellationToken cancellationToken)
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
        {
            var kind = reader.GetString(2) == "member" ? SuggestionKind.Member : SuggestionKind.Contact;
            suggestions.Add(new Suggestion(reader.GetString(0), reader.GetString(1), kind));
        }
        return suggestions;
    }
}
