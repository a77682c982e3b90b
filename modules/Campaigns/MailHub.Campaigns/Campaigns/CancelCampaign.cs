using FastEndpoints;
using Microsoft.AspNetCore.Http;

namespace MailHub.Campaigns.Campaigns;

/// <summary>POST /api/campaigns/{id}/cancel.</summary>
internal sealed class CancelCampaign(CampaignStore campaigns, IGrainFactory grains, Report.CampaignProgress progress) : Endpoint<CampaignIdRequest, CampaignResponse>
{
    public override void Configure()
    {
        Post("/campaigns/{id}/cancel");
        Roles(Core.Accounts.Roles.Admin);
        Description(d => d.ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict));
        Summary(s =>
        {
            s.Summary = "Cancel a campaign that is not done (admins).";
            s.Description = "Recipients not yet handed to the outbox are cancelled; those handed over still go. 409 once it is done or cancelled.";
        });
    }

    public override async Task HandleAsync(CampaignIdRequest request, CancellationToken cancellationToken)
    {
        var moved = await campaigns.MoveAsync(request.Id, [CampaignStatus.Draft, CampaignStatus.Scheduled, CampaignStatus.Sending, CampaignStatus.Paused], CampaignStatus.Cancelled, cancellationToken);
        await Send.ResultAsync(await CampaignMoves.AnswerAsync(campaigns, grains, request.Id, moved, "cancelled", cancellationToken, progress));
    }
}
