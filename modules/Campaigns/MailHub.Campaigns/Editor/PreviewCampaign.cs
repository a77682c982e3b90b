using FastEndpoints;
using MailHub.Campaigns.Campaigns;
using MailHub.Campaigns.Content;
using MailHub.Campaigns.Unsubscribe;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;

namespace MailHub.Campaigns.Editor;

internal sealed record PreviewCampaignRequest(Guid Id, string? Email);

/// <summary>The campaign as one recipient gets it, and the merge fields that recipient lacks (rendered empty).</summary>
internal sealed record PreviewCampaignResponse(string Email, string? Name, string Subject, string? Html, string? Text, IReadOnlyList<string> Missing);

/// <summary>GET /api/campaigns/{id}/preview?email=: the message as a chosen recipient of its audience gets it.</summary>
internal sealed class PreviewCampaign(CampaignStore campaigns, UnsubscribeTokens tokens, PublicUrl publicUrl)
    : Endpoint<PreviewCampaignRequest, PreviewCampaignResponse>
{
    public override void Configure()
    {
        Get("/campaigns/{id}/preview");
        Roles(Core.Accounts.Roles.Admin);
        Description(d => d.ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "Preview a campaign as one recipient (admins): subject, HTML and text merged, and the fields they lack.";
            s.Description = "email= picks a subscribed member of the campaign's audience (default: its first row). missing lists the merge "
                + "fields this recipient has no value for and no default (they render empty). 404 for an unknown campaign or an address "
                + "not in the audience.";
        });
    }

    public override async Task HandleAsync(PreviewCampaignRequest request, CancellationToken cancellationToken)
    {
        if (await campaigns.FindAsync(request.Id, cancellationToken) is not { } campaign)
        {
            await Send.ResultAsync(Problems.NotFound("campaign", request.Id));
            return;
        }
        var members = await campaigns.MembersAsync(campaign.AudienceId, request.Email, 1, cancellationToken);
        if (members.Count == 0 && request.Email is not null)
        {
            await Send.ResultAsync(Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not in the audience",
                detail: $"{request.Email} is not a subscribed member of this campaign's audience: pick an address from GET /api/campaigns/audiences/{campaign.AudienceId}."));
            return;
        }
        var recipient = members.FirstOrDefault() ?? new MergeRecipient("someone@example.com", null, new Dictionary<string, string>());
        var url = $"{publicUrl.Base}/api/campaigns/unsubscribe?t={tokens.Create(campaign.Id, recipient.Email)}";
        var content = CampaignContent.Of(campaign.Subject, campaign.Html, campaign.Text, campaign.Defaults);
        var rendered = CampaignMail.Render(content, CampaignMail.Values(recipient, campaign.Defaults, url));
        // The bodies as sent: with the unsubscribe footer when the template does not place the link itself.
        var message = CampaignMail.Compose(rendered, content, "preview@example.com", null, recipient, "preview@example.com", url, campaign.Id);
        await Send.OkAsync(new PreviewCampaignResponse(recipient.Email, recipient.Name, rendered.Subject, message.HtmlBody, message.TextBody,
            rendered.Missing), cancellationToken);
    }
}
