using FastEndpoints;
using FluentValidation;
using MailHub.Core.Http;
using MailHub.People.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MailHub.People.Suggestions;

/// <summary>What was typed into an address field so far, and how many suggestions to show (10 unless said).</summary>
internal sealed record SuggestAddressesRequest([property: QueryParam] string? Q, [property: QueryParam] int? Limit);

internal sealed class SuggestAddressesRequestValidator : Validator<SuggestAddressesRequest>
{
    public const int MaxLimit = 50;

    public SuggestAddressesRequestValidator()
    {
        RuleFor(r => r.Q).SearchQuery();
        RuleFor(r => r.Limit).InclusiveBetween(1, MaxLimit).WithMessage($"Ask for 1 to {MaxLimit} suggestions (limit).");
    }
}

/// <summary>GET /api/directory/suggestions: addresses for the composer's To, Cc and Bcc as the agent types.</summary>
internal sealed class SuggestAddresses(AddressBook addressBook) : Endpoint<SuggestAddressesRequest, AddressSuggestions>
{
    private const int DefaultLimit = 10;

    public override void Configure()
    {
        Get("/directory/suggestions");
        Options(b => b.RequireRateLimiting(RateLimitPolicies.Search));
        Description(d => d.ProducesProblem(StatusCodes.Status429TooManyRequests));
        Summary(s =>
        {
            s.Summary = "Address suggestions for the composer: recent correspondents, members and customers matching q.";
            s.Description = "Names match anywhere (张 finds 张三), addresses and accounts from their start. Ranked: recent correspondents "
                + $"(customers who wrote in the last {AddressBook.RecentDays} days; kind recent) first, the more conversations the higher; "
                + "then members (deactivated ones left out); then other customers' contacts; a name or address starting with q before the "
                + $"rest. At most limit ({DefaultLimit} unless given, up to {SuggestAddressesRequestValidator.MaxLimit}). An empty or missing q "
                + "answers no items. Rate limited (Search): 429 with Retry-After when spent.";
        });
    }

    public override async Task HandleAsync(SuggestAddressesRequest request, CancellationToken cancellationToken)
    {
        var query = SqlText.Clean(request.Q);
        var items = query is null ? [] : await addressBook.SuggestAsync(query, request.Limit ?? DefaultLimit, cancellationToken);
        await Send.OkAsync(new AddressSuggestions(items), cancellationToken);
    }
}
