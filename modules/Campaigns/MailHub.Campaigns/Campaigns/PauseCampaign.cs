using FastEndpoints;
using Microsoft.AspNetCore.Http;

namespace MailHub.Campaigns.Campaigns;

/// <summary>POST /api/campaigns/{id}/pause.</summary>
internal sealed class PauseCampaign(CampaignStore campaigns, IGrainFactory grains, Report.CampaignProgress progress) : Endpoint<CampaignIdRequest, CampaignResponse>
{
    public override void Configure()
    {
        Post("/campaigns/{id}/pause");
        Roles(Core.Accounts.Roles.Admin);
        Description(d => d.ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict));
        Summary(s =>
        {
            s.Summary = "Pause a scheduled or sending campaign (admins).";
            s.Description = "Recipients already handed to the outbox (at most one round, MailHub:Campaigns:BatchSize) still go; no others until it is resumed. 409 in any other status.";
        });
    }

    public override async Task HandleAsync(CampaignIdRequest request, CancellationToken cancellationToken)
    {
        var moved = await campaigns.MoveAsync(request.Id, [CampaignStatus.Sending, CampaignStatus.Scheduled], CampaignStatus.Paused, cancellationToken);
        await Send.ResultAsync(await CampaignMoves.AnswerAsync(campaigns, grains, request.Id, moved, "paused", cancellationToken, progress));
    }
}
