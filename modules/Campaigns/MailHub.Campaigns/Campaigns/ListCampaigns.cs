using FastEndpoints;

namespace MailHub.Campaigns.Campaigns;

/// <summary>A campaign as the list shows it: status and counts, for the progress bars.</summary>
internal sealed record CampaignListItem(Guid Id, string Name, string Subject, Guid AudienceId, Guid MailboxId, string Status, DateTimeOffset? SendAt,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, CampaignCounts Counts, IReadOnlyList<Guid> MailboxIds);

internal sealed record ListCampaignsResponse(IReadOnlyList<CampaignListItem> Items);

/// <summary>GET /api/campaigns: every campaign, newest first, with its counts.</summary>
internal sealed class ListCampaigns(CampaignStore campaigns) : EndpointWithoutRequest<ListCampaignsResponse>
{
    public override void Configure()
    {
        Get("/campaigns");
        Roles(Core.Accounts.Roles.Admin);
        Summary(s =>
        {
            s.Summary = "List the campaigns (admins), newest first, with their status and counts.";
            s.Description = "The last 500 campaigns; counts as in GET /api/campaigns/{id}.";
        });
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var list = await campaigns.ListAsync(cancellationToken);
        var counts = await campaigns.CountsAsync(list.Select(c => c.Id).ToList(), cancellationToken);
        await Send.OkAsync(new ListCampaignsResponse(list.Select(c => new CampaignListItem(c.Id, c.Name, c.Subject, c.AudienceId, c.MailboxId, c.Status,
            c.SendAt, c.CreatedAt, c.StartedAt, c.FinishedAt, counts[c.Id], c.MailboxIds)).ToList()), cancellationToken);
    }
}
