using FastEndpoints;
using MailHub.Campaigns.Audiences;
using MailHub.Channels.Contracts;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;

namespace MailHub.Campaigns.Campaigns;

/// <summary>PUT /api/campaigns/{id}: rewrites a draft.</summary>
internal sealed class UpdateCampaign(CampaignStore campaigns, AudienceStore audiences, IMailboxDirectory mailboxes)
    : Endpoint<CampaignRequest, CampaignResponse>
{
    public override void Configure()
    {
        Put("/campaigns/{id}");
        Roles(Core.Accounts.Roles.Admin);
        Description(d => d.ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict));
        Summary(s =>
        {
            s.Summary = "Rewrite a draft campaign (admins).";
            s.Description = "Takes POST's body; the id is the route's. 409 once the campaign was sent or scheduled: cancel it and write a new one.";
        });
    }

    public override async Task HandleAsync(CampaignRequest request, CancellationToken cancellationToken)
    {
        var id = Route<Guid>("id");
        if (await campaigns.FindAsync(id, cancellationToken) is not { } existing)
        {
            await Send.ResultAsync(Problems.NotFound("campaign", id));
            return;
        }
        var (campaign, refusal) = await CampaignDrafts.DraftAsync(id, request, audiences, mailboxes, cancellationToken);
        if (campaign is null)
        {
            await Send.ResultAsync(refusal!);
            return;
        }
        if (!await campaigns.UpdateDraftAsync(campaign, cancellationToken))
        {
            await Send.ResultAsync(Problems.Conflict("status", $"The campaign is {existing.Status}, no longer a draft: only drafts are rewritten."));
            return;
        }
        var saved = (await campaigns.FindAsync(id, cancellationToken))!;
        var counts = await campaigns.CountsAsync([id], cancellationToken);
        await Send.OkAsync(CampaignResponse.Of(saved, counts[id]), cancellationToken);
    }
}
