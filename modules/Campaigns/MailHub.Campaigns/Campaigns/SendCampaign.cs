using FastEndpoints;
using Microsoft.AspNetCore.Http;

namespace MailHub.Campaigns.Campaigns;

/// <summary>POST /api/campaigns/{id}/send.</summary>
internal sealed class SendCampaign(CampaignStore campaigns, IGrainFactory grains, Report.CampaignProgress progress) : Endpoint<CampaignIdRequest, CampaignResponse>
{
    public override void Configure()
    {
        Post("/campaigns/{id}/send");
        Roles(Core.Accounts.Roles.Admin);
        Description(d => d.ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict));
        Summary(s =>
        {
            s.Summary = "Send a campaign (admins): its recipients are fixed now and it is sent, or scheduled when sendAt is in the future.";
            s.Description = "The audience's members become the recipients (those on the suppression list or no longer subscribed are counted as suppressed); "
                + "the campaign sends through its mailbox at the mailbox's pace and its own perMinute. 409 unless it is a draft.";
        });
    }

    public override async Task HandleAsync(CampaignIdRequest request, CancellationToken cancellationToken)
    {
        var moved = await campaigns.StartAsync(request.Id, cancellationToken);
        await Send.ResultAsync(await CampaignMoves.AnswerAsync(campaigns, grains, request.Id, moved, "sent", cancellationToken, progress));
    }
}
