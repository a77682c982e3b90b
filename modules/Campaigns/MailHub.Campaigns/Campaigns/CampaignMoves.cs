using FastEndpoints;
using MailHub.Campaigns.Sending;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;

namespace MailHub.Campaigns.Campaigns;

/// <summary>What send, pause, resume and cancel share: the move, a 409 that says why not, the grain pinged, the campaign answered.</summary>
internal static class CampaignMoves
{

    public static async Task<IResult> AnswerAsync(CampaignStore campaigns, IGrainFactory grains, Guid id, string? moved, string action,
        CancellationToken cancellationToken, Report.CampaignProgress? progress = null)
    {
        var campaign = await campaigns.FindAsync(id, cancellationToken);
        if (campaign is null)
            return Problems.NotFound("campaign", id);
        if (moved is null)
        {
            return Problems.Conflict("status", $"The campaign is {campaign.Status}: it cannot be {action} now. "
                + "Send a draft; pause a scheduled or sending one; resume a paused one; cancel any that is not done.");
        }
        // Sending starts (or wakes) the loop; a pause or cancel wakes a loop waiting for its pace, so it stops now.
        await grains.GetGrain<ICampaignGrain>(id).PingAsync();
        progress?.Changed(id);
        var counts = await campaigns.CountsAsync([id], cancellationToken);
        return TypedResults.Ok(CampaignResponse.Of(campaign, counts[id]));
    }
}

