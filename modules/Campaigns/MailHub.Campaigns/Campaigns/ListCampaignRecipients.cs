using FastEndpoints;
using FluentValidation;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;

namespace MailHub.Campaigns.Campaigns;

internal sealed record CampaignRecipientsRequest(Guid Id, string? Status, int? Limit, int? Offset);

internal sealed record CampaignRecipientsResponse(IReadOnlyList<CampaignRecipient> Items, long Total);

internal sealed class CampaignRecipientsRequestValidator : Validator<CampaignRecipientsRequest>
{
    public CampaignRecipientsRequestValidator() =>
        RuleFor(r => r.Status).Must(s => RecipientStatus.IsKnown(s!)).When(r => r.Status is not null)
            .WithMessage("status is queued, sending, sent, failed, bounced, complained, suppressed, cancelled, unsubscribed, opened or clicked.");
}

/// <summary>GET /api/campaigns/{id}/recipients?status=: each recipient's status, Message-ID and failure.</summary>
internal sealed class ListCampaignRecipients(CampaignStore campaigns) : Endpoint<CampaignRecipientsRequest, CampaignRecipientsResponse>
{
    public override void Configure()
    {
        Get("/campaigns/{id}/recipients");
        Roles(Core.Accounts.Roles.Admin);
        Description(d => d.ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "A campaign's recipients (admins), with their status, Message-ID, attempts and the reason of a failure.";
            s.Description = "status= filters (queued includes those in the outbox; complained: an ARF complaint came back; unsubscribed, "
                + "opened, clicked: those who unsubscribed through this campaign, opened it or clicked a link, at least once); limit (default 100, at most 1000) and offset page. 404 for an unknown campaign.";
        });
    }

    public override async Task HandleAsync(CampaignRecipientsRequest request, CancellationToken cancellationToken)
    {
        if (await campaigns.FindAsync(request.Id, cancellationToken) is null)
        {
            await Send.ResultAsync(Problems.NotFound("campaign", request.Id));
            return;
        }
        var (items, total) = await campaigns.RecipientsAsync(request.Id, request.Status, Math.Clamp(request.Limit ?? 100, 1, 1000),
            Math.Max(0, request.Offset ?? 0), cancellationToken);
        await Send.OkAsync(new CampaignRecipientsResponse(items, total), cancellationToken);
    }
}
