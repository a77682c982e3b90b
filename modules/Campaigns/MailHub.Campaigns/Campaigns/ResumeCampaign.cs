using FastEndpoints;
using Microsoft.AspNetCore.Http;

namespace MailHub.Campaigns.Campaigns;

/// <summary>POST /api/campaigns/{id}/resume.</summary>
internal sealed class ResumeCampaign(CampaignStore campaigns, IGrainFactory grains, Report.CampaignProgress progress) : Endpoint<CampaignIdRequest, CampaignResponse>
{
    public override void Configure()
    {
        Post("/campaigns/{id}/resume");
        Roles(Core.Accounts.Roles.Admin);
        Description(d => d.ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict));
        Summary(s =>
        {
            s.Summary = "Resume a paused campaign (admins).";
            s.Description = "It goes on with the recipients not sent yet, or waits for sendAt if that is still ahead. 409 unless it is paused.";
        });
    }

    public override async Task HandleAsync(CampaignIdRequest request, CancellationToken cancellationToken)
    {
        var moved = await campaigns.MoveAsync(request.Id, [CampaignStatus.Paused], CampaignStatus.Sending, cancellationToken);
        await Send.ResultAsync(await CampaignMoves.AnswerAsync(campaigns, grains, request.Id, moved, "resumed", cancellationToken, progress));
    }
}
