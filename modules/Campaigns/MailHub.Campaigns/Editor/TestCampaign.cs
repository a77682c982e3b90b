using FastEndpoints;
using FluentValidation;
using MailHub.Campaigns.Audiences;
using MailHub.Campaigns.Campaigns;
using MailHub.Campaigns.Content;
using MailHub.Campaigns.Unsubscribe;
using MailHub.Channels.Contracts;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;

namespace MailHub.Campaigns.Editor;

/// <summary>Addresses to send a test to, merged as one member of the audience (<c>as</c>; default its first).</summary>
internal sealed record TestCampaignRequest(Guid Id, IReadOnlyList<string> To, string? As);

internal sealed record TestCampaignResponse(IReadOnlyList<string> MessageIds);

internal sealed class TestCampaignRequestValidator : Validator<TestCampaignRequest>
{
    public TestCampaignRequestValidator() =>
        RuleFor(r => r.To).Must(to => to is { Count: > 0 and <= 20 } && to.All(a => AudienceImport.Normalize(a ?? "") is not null))
            .WithMessage("Give 1 to 20 e-mail addresses to send the test to, e.g. [\"me@example.com\"].");
}

/// <summary>POST /api/campaigns/{id}/test: the campaign to typed addresses, now, through its mailbox (the sandbox captures it in QA).</summary>
internal sealed class TestCampaign(CampaignStore campaigns, IOutbox outbox, IMailboxDirectory mailboxes, UnsubscribeTokens tokens, PublicUrl publicUrl,
    Microsoft.Extensions.Options.IOptions<CampaignsOptions> options)
    : Endpoint<TestCampaignRequest, TestCampaignResponse>
{
    public override void Configure()
    {
        Post("/campaigns/{id}/test");
        Roles(Core.Accounts.Roles.Admin);
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK)
            .Produces<TestCampaignResponse>(StatusCodes.Status202Accepted, "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "Send a test of a campaign to typed addresses (admins).";
            s.Description = "One message per address through the campaign's mailbox, at once (not paced), subject prefixed \"[Test] \", "
                + "merged as the audience member named by as (default: the first). Answers 202 with the Message-IDs; a sandbox mailbox "
                + "captures them (GET /api/sandbox/messages). 404 for an unknown campaign.";
        });
    }

    public override async Task HandleAsync(TestCampaignRequest request, CancellationToken cancellationToken)
    {
        if (await campaigns.FindAsync(request.Id, cancellationToken) is not { } campaign)
        {
            await Send.ResultAsync(Problems.NotFound("campaign", request.Id));
            return;
        }
        if (await mailboxes.FindAsync(campaign.MailboxId, cancellationToken) is not { } mailbox)
        {
            await Send.ResultAsync(Problems.Invalid("mailboxIds", "The campaign's mailbox was deleted: pick another one (PUT /api/campaigns/{id})."));
            return;
        }
        var sample = (await campaigns.MembersAsync(campaign.AudienceId, request.As, 1, cancellationToken)).FirstOrDefault();
        var content = CampaignContent.Of(campaign.Subject, campaign.Html, campaign.Text, campaign.Defaults);
        var ids = new List<string>();
        foreach (var to in request.To.Select(t => AudienceImport.Normalize(t)!).Distinct())
        {
            var recipient = new MergeRecipient(to, sample?.Name, sample?.Fields ?? new Dictionary<string, string>());
            var values = CampaignMail.Values(sample ?? recipient, campaign.Defaults, "");
            var token = tokens.Create(campaign.Id, to);
            var url = $"{publicUrl.Base}/api/campaigns/unsubscribe?t={token}";
            values[CampaignMail.UnsubscribeField] = url;
            var rendered = CampaignMail.Render(content, values);
            var messageId = $"test.{Guid.NewGuid():N}@{CampaignMail.DomainOf(mailbox.Address)}";
            var message = CampaignMail.Compose(rendered with { Subject = "[Test] " + rendered.Subject }, content, mailbox.Address, mailbox.DisplayName,
                recipient, messageId, url, campaign.Id,
                CampaignMail.UnsubscribeMailto(options.Value.UnsubscribeAddress is { Length: > 0 } address ? address : mailbox.Address, token));
            await outbox.EnqueueAsync(new OutboundMessage(mailbox.Id, messageId, mailbox.Address, [to], await CampaignMail.ToBytesAsync(message, cancellationToken),
                $"campaign-test:{campaign.Id:N}"), cancellationToken);
            ids.Add(messageId);
        }
        await Send.ResponseAsync(new TestCampaignResponse(ids), StatusCodes.Status202Accepted, cancellationToken);
    }
}
