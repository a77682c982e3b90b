using FastEndpoints;
using FluentValidation;
using MailHub.Campaigns.Campaigns;
using Microsoft.Extensions.Options;

namespace MailHub.Campaigns.Sending;

internal sealed record MailboxPaceRequest(Guid MailboxId);

/// <summary>A mailbox's pace for campaigns, whether an admin set it (else MailHub:Campaigns), and what it counts now.</summary>
internal sealed record MailboxPaceResponse(Guid MailboxId, int PerMinute, int PerDay, double ReplyShare, bool Custom, PaceState Now);

/// <summary>GET /api/campaigns/pace/{mailboxId}: the mailbox's pace and its current counts.</summary>
internal sealed class GetMailboxPace(CampaignStore campaigns, IGrainFactory grains, IOptions<CampaignsOptions> options)
    : Endpoint<MailboxPaceRequest, MailboxPaceResponse>
{
    public override void Configure()
    {
        Get("/campaigns/pace/{mailboxId}");
        Roles(Core.Accounts.Roles.Admin);
        Summary(s =>
        {
            s.Summary = "A mailbox's pace for campaigns (admins): messages per minute and per day, and what was sent in the last minute and today.";
            s.Description = "custom is false when the mailbox uses MailHub:Campaigns:PerMinute and PerDay. replyShare is the part kept for "
                + "agents' replies, which are counted too and never wait.";
        });
    }

    public override async Task HandleAsync(MailboxPaceRequest request, CancellationToken cancellationToken)
    {
        var pace = await campaigns.PaceAsync(request.MailboxId, cancellationToken);
        var now = await grains.GetGrain<IMailboxPaceGrain>(request.MailboxId).StateAsync();
        await Send.OkAsync(new MailboxPaceResponse(request.MailboxId, pace?.PerMinute ?? options.Value.PerMinute, pace?.PerDay ?? options.Value.PerDay,
            options.Value.ReplyShare, pace is not null, now), cancellationToken);
    }
}
