using FastEndpoints;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;

namespace MailHub.Campaigns.Campaigns;

internal sealed record CampaignIdRequest(Guid Id);

/// <summary>GET /api/campaigns/{id}: a campaign, its status and its counts.</summary>
internal sealed class GetCampaign(CampaignStore campaigns) : Endpoint<CampaignIdRequest, CampaignResponse>
{
    public override void Configure()
    {
        Get("/campaigns/{id}");
        Roles(Core.Accounts.Roles.Admin);
        Description(d => d.ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "One campaign (admins): its content, status and counts.";
            s.Description = "status is draft, scheduled, sending, paused, done or cancelled; counts has total, queued (not sent yet), sent, "
                + "failed, bounced, unsubscribed, suppressed, opened, clicked and cancelled. 404 for an unknown id.";
        });
    }

    public override async Task HandleAsync(CampaignIdRequest request, CancellationToken cancellationToken)
    {
        if (await campaigns.FindAsync(request.Id, cancellationToken) is not { } campaign)
        {
            await Send.ResultAsync(Problems.NotFound("campaign", request.Id));
            return;
        }
        var counts = await campaigns.CountsAsync([campaign.Id], cancellationToken);
        await Send.OkAsync(CampaignResponse.Of(campaign, counts[campaign.Id]), cancellationToken);
    }
}
