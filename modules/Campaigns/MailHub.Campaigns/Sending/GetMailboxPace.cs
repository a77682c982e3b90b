using FastEndpoints;
using MailHub.Channels.Contracts;
using Microsoft.Extensions.Options;

namespace MailHub.Campaigns.Sending;

internal sealed record MailboxPaceRequest(Guid MailboxId);

/// <summary>
/// A mailbox's pace for campaigns and which applies: <c>source</c> is mailbox (an admin set this mailbox's own) or preset
/// (its provider's, GET /api/campaigns/pace/presets); <c>custom</c> is source = mailbox. <c>now</c> is what it counts now.
/// </summary>
internal sealed record MailboxPaceResponse(Guid MailboxId, int PerMinute, int PerDay, double ReplyShare, bool Custom, PaceState Now, string Source,
    string Provider);

/// <summary>GET /api/campaigns/pace/{mailboxId}: the mailbox's pace, which applies, and its current counts.</summary>
internal sealed class GetMailboxPace(PacePresets presets, IMailboxDirectory mailboxes, IGrainFactory grains, IOptions<CampaignsOptions> options)
    : Endpoint<MailboxPaceRequest, MailboxPaceResponse>
{
    public override void Configure()
    {
        Get("/campaigns/pace/{mailboxId}");
        Roles(Core.Accounts.Roles.Admin);
        Summary(s =>
        {
            s.Summary = "A mailbox's pace for campaigns (admins): messages per minute and per day, which applies, and what was sent in the last minute and today.";
            s.Description = "source is mailbox when an admin set this mailbox's own pace, preset when its provider's preset applies "
                + "(provider names it; GET /api/campaigns/pace/presets). replyShare is the part kept for agents' replies, which are "
                + "counted too and never wait.";
        });
    }

    public override async Task HandleAsync(MailboxPaceRequest request, CancellationToken cancellationToken)
    {
        var mailbox = await mailboxes.FindAsync(request.MailboxId, cancellationToken);
        var pace = await presets.ForAsync(request.MailboxId, mailbox, cancellationToken);
        var now = await grains.GetGrain<IMailboxPaceGrain>(request.MailboxId).StateAsync();
        await Send.OkAsync(new MailboxPaceResponse(request.MailboxId, pace.PerMinute, pace.PerDay, options.Value.ReplyShare, pace.Source == "mailbox", now,
            pace.Source, pace.Provider), cancellationToken);
    }
}
