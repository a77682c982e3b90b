using FastEndpoints;
using MailHub.Campaigns.Campaigns;
using MailHub.Campaigns.Content;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;

namespace MailHub.Campaigns.Editor;

/// <summary>A merge field some recipients lack: how many, and a few of them.</summary>
internal sealed record MissingField(string Field, int Recipients, IReadOnlyList<string> Examples);

/// <summary>The warnings before sending: the recipients looked at and the merge fields they lack.</summary>
internal sealed record CheckCampaignResponse(int Checked, IReadOnlyList<MissingField> Missing);

/// <summary>GET /api/campaigns/{id}/check: which merge fields which recipients lack, before sending.</summary>
internal sealed class CheckCampaign(CampaignStore campaigns) : Endpoint<CampaignIdRequest, CheckCampaignResponse>
{
    private const int Limit = 20_000;

    public override void Configure()
    {
        Get("/campaigns/{id}/check");
        Roles(Core.Accounts.Roles.Admin);
        Description(d => d.ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "Check a campaign before sending (admins): the merge fields recipients lack.";
            s.Description = "Renders the campaign for the audience's subscribed members (the first 20,000) and lists each merge field some "
                + "of them have no value and no default for (it would render empty), with how many and up to five addresses. Add a "
                + "default (defaults, or {{ field | default: \"...\" }}) or fix the list. 404 for an unknown campaign.";
        });
    }

    public override async Task HandleAsync(CampaignIdRequest request, CancellationToken cancellationToken)
    {
        if (await campaigns.FindAsync(request.Id, cancellationToken) is not { } campaign)
        {
            await Send.ResultAsync(Problems.NotFound("campaign", request.Id));
            return;
        }
        var members = await campaigns.MembersAsync(campaign.AudienceId, null, Limit, cancellationToken);
        var content = CampaignContent.Of(campaign.Subject, campaign.Html, campaign.Text, campaign.Defaults);
        var missing = new Dictionary<string, (int Count, List<string> Examples)>(StringComparer.OrdinalIgnoreCase);
        foreach (var member in members)
        {
            foreach (var field in CampaignMail.Render(content, CampaignMail.Values(member, campaign.Defaults, "")).Missing)
            {
                var entry = missing.TryGetValue(field, out var e) ? e : (0, new List<string>());
                if (entry.Item2.Count < 5)
                    entry.Item2.Add(member.Email);
                missing[field] = (entry.Item1 + 1, entry.Item2);
            }
        }
        await Send.OkAsync(new CheckCampaignResponse(members.Count,
            missing.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => new MissingField(m.Key, m.Value.Count, m.Value.Examples)).ToList()),
            cancellationToken);
    }
}
