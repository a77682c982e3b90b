using FastEndpoints;

namespace MailHub.Campaigns.Sending;

/// <summary>GET /api/campaigns/pace/presets: each provider's pace for campaigns.</summary>
internal sealed class ListPacePresets(PacePresets presets) : EndpointWithoutRequest<IReadOnlyList<PacePreset>>
{
    public override void Configure()
    {
        Get("/campaigns/pace/presets");
        Roles(Core.Accounts.Roles.Admin);
        Summary(s =>
        {
            s.Summary = "The providers' paces for campaigns (admins): messages per minute and per day, with where the figure comes from.";
            s.Description = "A mailbox without a pace of its own (PUT /api/campaigns/pace/{mailboxId}) sends campaigns at its provider's "
                + "preset (qq, 163, 126, qiye163, aliyun, aliyun-qiye, exmail, gmail, outlook, 189, other, sandbox). changed is true when "
                + "an admin changed the built-in default (PUT /api/campaigns/pace/presets/{provider}).";
        });
    }

    public override async Task HandleAsync(CancellationToken cancellationToken) =>
        await Send.OkAsync(await presets.ListAsync(cancellationToken), cancellationToken);
}
