using FastEndpoints;
using FluentValidation;
using MailHub.People.Http;

namespace MailHub.People.Customers;

/// <summary>Which customers to list: those matching q (all when left out), one page of limit from offset.</summary>
internal sealed record ListCustomersRequest([property: QueryParam] string? Q, [property: QueryParam] int? Limit, [property: QueryParam] int? Offset);

internal sealed class ListCustomersRequestValidator : Validator<ListCustomersRequest>
{
    public ListCustomersRequestValidator() => RuleFor(r => r.Q).SearchQuery();
}

/// <summary>GET /api/directory/customers.</summary>
internal sealed class ListCustomers(CustomerStore store) : Endpoint<ListCustomersRequest, IReadOnlyList<CustomerResponse>>
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public override void Configure()
    {
        Get("/directory/customers");
        Summary(s =>
        {
            s.Summary = "Customers whose name, company or e-mail contains q.";
            s.Description = $"q matches anywhere, in any script (e.g. 张 or acme), case-insensitively; customers merged into another are "
                + $"left out. Ordered by name; limit (default {DefaultPageSize}, at most {MaxPageSize}) and offset page through them.";
        });
    }

    public override async Task HandleAsync(ListCustomersRequest request, CancellationToken cancellationToken)
    {
        // Out-of-range paging is clamped, not refused: a console asking for 500 gets the largest page there is.
        var limit = Math.Clamp(request.Limit ?? DefaultPageSize, 1, MaxPageSize);
        var found = await store.SearchAsync(SqlText.Clean(request.Q), limit, Math.Max(0, request.Offset ?? 0), cancellationToken);
        await Send.OkAsync(found.Select(CustomerResponse.Of).ToList(), cancellationToken);
    }
}
