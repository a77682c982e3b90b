using FastEndpoints;

namespace MailHub.Campaigns.Suppressions;

internal sealed record ListSuppressionsRequest(string? Q, int? Limit, int? Offset);

internal sealed record ListSuppressionsResponse(IReadOnlyList<Suppression> Items, long Total);

/// <summary>GET /api/campaigns/suppressions: the addresses no campaign sends to.</summary>
internal sealed class ListSuppressions(SuppressionStore store) : Endpoint<ListSuppressionsRequest, ListSuppressionsResponse>
{
    public override void Configure()
    {
        Get("/campaigns/suppressions");
        Roles(Core.Accounts.Roles.Admin);
        Summary(s =>
        {
            s.Summary = "List the suppression list (admins), newest first.";
            s.Description = "Unsubscribed, bounced, complained and hand-added addresses; every campaign skips them. q= finds by part of the "
                + "address; limit (default 50, at most 500) and offset page.";
        });
    }

    public override async Task HandleAsync(ListSuppressionsRequest request, CancellationToken cancellationToken)
    {
        var (items, total) = await store.ListAsync(request.Q, Math.Clamp(request.Limit ?? 50, 1, 500), Math.Max(0, request.Offset ?? 0), cancellationToken);
        await Send.OkAsync(new ListSuppressionsResponse(items, total), cancellationToken);
    }
}
