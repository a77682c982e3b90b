using FastEndpoints;
using MailHub.Campaigns.Audiences;
using MailHub.Channels.Contracts;
using Microsoft.AspNetCore.Http;

namespace MailHub.Campaigns.Campaigns;

/// <summary>POST /api/campaigns: a draft campaign.</summary>
internal sealed class CreateCampaign(CampaignStore campaigns, AudienceStore audiences, IMailboxDirectory mailboxes)
    : Endpoint<CampaignRequest, CampaignResponse>
{
    public override void Configure()
    {
        Post("/campaigns");
        Roles(Core.Accounts.Roles.Admin);
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK)
            .Produces<CampaignResponse>(StatusCodes.Status201Created, "application/json"));
        Summary(s =>
        {
            s.Summary = "Write a campaign (admins): audience, mailbox, subject, HTML and text with merge fields; a draft until sent.";
            s.Description = "Answers 201 with the draft and its Location. Merge fields are Liquid: {{ name }}, {{ email }}, the audience's "
                + "custom fields, {{ name | default: \"customer\" }}, {{ unsubscribe_url }} (else a footer with the link is added). "
                + "400 names each wrong field: an unknown audience or mailbox, more than one mailbox, a template that does not parse.";
        });
    }

    public override async Task HandleAsync(CampaignRequest request, CancellationToken cancellationToken)
    {
        var (campaign, refusal) = await CampaignDrafts.DraftAsync(Guid.CreateVersion7(), request, audiences, mailboxes, cancellationToken);
        if (campaign is null)
        {
            await Send.ResultAsync(refusal!);
            return;
        }
        await campaigns.CreateAsync(campaign, cancellationToken);
        HttpContext.Response.Headers.Location = $"/api/campaigns/{campaign.Id}";
        var counts = await campaigns.CountsAsync([campaign.Id], cancellationToken);
        await Send.ResponseAsync(CampaignResponse.Of(campaign, counts[campaign.Id]), StatusCodes.Status201Created, cancellationToken);
    }
}
