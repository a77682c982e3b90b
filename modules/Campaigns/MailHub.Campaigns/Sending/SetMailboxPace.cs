using FastEndpoints;
using FluentValidation;
using MailHub.Campaigns.Campaigns;
using MailHub.Channels.Contracts;
using Microsoft.Extensions.Options;

namespace MailHub.Campaigns.Sending;

internal sealed record SetMailboxPaceRequest(Guid MailboxId, int PerMinute, int PerDay);

internal sealed class SetMailboxPaceValidator : Validator<SetMailboxPaceRequest>
{
    public SetMailboxPaceValidator()
    {
        RuleFor(r => r.PerMinute).InclusiveBetween(1, 1_000_000).WithMessage("perMinute is between 1 and 1000000.");
        RuleFor(r => r.PerDay).InclusiveBetween(1, 100_000_000).WithMessage("perDay is between 1 and 100000000.");
    }
}

/// <summary>PUT /api/campaigns/pace/{mailboxId}: sets the mailbox's pace for campaigns.</summary>
internal sealed class SetMailboxPace(CampaignStore campaigns, IGrainFactory grains, IOptions<CampaignsOptions> options, IMailboxDirectory mailboxes)
    : Endpoint<SetMailboxPaceRequest, MailboxPaceResponse>
{
    public override void Configure()
    {
        Put("/campaigns/pace/{mailboxId}");
        Roles(Core.Accounts.Roles.Admin);
        Summary(s =>
        {
            s.Summary = "Set a mailbox's pace for campaigns (admins): messages per minute and per day.";
            s.Description = "Providers limit what a mailbox may send (QQ Mail and NetEase a few hundred a day for personal mailboxes); "
                + "set it below the provider's limit. It replaces the provider's preset for this mailbox and applies to the next round of "
                + "every campaign on the mailbox.";
        });
    }

    public override async Task HandleAsync(SetMailboxPaceRequest request, CancellationToken cancellationToken)
    {
        await campaigns.SetPaceAsync(request.MailboxId, request.PerMinute, request.PerDay, cancellationToken);
        var now = await grains.GetGrain<IMailboxPaceGrain>(request.MailboxId).StateAsync();
        var mailbox = await mailboxes.FindAsync(request.MailboxId, cancellationToken);
        await Send.OkAsync(new MailboxPaceResponse(request.MailboxId, request.PerMinute, request.PerDay, options.Value.ReplyShare, true, now, "mailbox",
            mailbox is null ? PacePresets.Other : PacePresets.ProviderOf(mailbox)), cancellationToken);
    }
}
