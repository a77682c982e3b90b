using MailHub.Campaigns.Audiences;
using MailHub.Channels.Contracts;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;

namespace MailHub.Campaigns.Campaigns;

/// <summary>A request made a campaign, once its audience and mailbox are found.</summary>
internal static class CampaignDrafts
{
    public static async Task<(Campaign? Campaign, IResult? Refusal)> DraftAsync(Guid id, CampaignRequest request, AudienceStore audiences,
        IMailboxDirectory mailboxes, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if ((await audiences.ListAsync(request.AudienceId, cancellationToken)).Count == 0)
            errors.Add("audienceId", $"There is no audience {request.AudienceId}: upload one (POST /api/campaigns/audiences) or pick one from GET /api/campaigns/audiences.");
        for (var i = 0; i < request.MailboxIds.Count; i++)
        {
            if (await mailboxes.FindAsync(request.MailboxIds[i], cancellationToken) is null)
                errors.Add($"mailboxIds[{i}]", $"There is no mailbox {request.MailboxIds[i]}: pick one from GET /api/channels/mailboxes.");
        }
        if (errors.Any)
            return (null, errors.ToResult());
        var defaults = (request.Defaults ?? new Dictionary<string, string>()).ToDictionary(p => p.Key.Trim(), p => p.Value ?? "", StringComparer.OrdinalIgnoreCase);
        return (new Campaign(id, request.Name.Trim(), request.AudienceId, request.MailboxIds.ToList(), request.Subject, Blank(request.Html),
            Blank(request.Text), defaults, request.PerMinute, request.SendAt, CampaignStatus.Draft, DateTimeOffset.UtcNow, null, null,
            request.TrackOpens ?? false, request.TrackClicks ?? false), null);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
