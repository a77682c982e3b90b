using FastEndpoints;
using FluentValidation;
using MailHub.Campaigns.Campaigns;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;

namespace MailHub.Campaigns.Report;

internal sealed record CampaignReportRequest(Guid Id, string? Bucket, string? Tz);

/// <summary>A campaign's report: its counts now and what happened per bucket of time.</summary>
internal sealed record CampaignReportResponse(Guid Id, string Status, string Bucket, string TimeZone, CampaignCounts Counts,
    IReadOnlyList<ReportPoint> Series);

internal sealed class CampaignReportRequestValidator : Validator<CampaignReportRequest>
{
    public CampaignReportRequestValidator()
    {
        RuleFor(r => r.Bucket).Must(b => b is "minute" or "hour" or "day").When(r => r.Bucket is not null)
            .WithMessage("bucket is minute, hour or day.");
        RuleFor(r => r.Tz).Must(tz => TimeZoneInfo.TryFindSystemTimeZoneById(tz!, out var zone) && zone.HasIanaId).When(r => r.Tz is not null)
            .WithMessage("tz is an IANA time zone, e.g. Asia/Shanghai or UTC.");
    }
}

/// <summary>GET /api/campaigns/{id}/report?bucket=minute|hour|day&amp;tz=: counts and the series over time.</summary>
internal sealed class GetCampaignReport(CampaignStore campaigns, ReportStore reports) : Endpoint<CampaignReportRequest, CampaignReportResponse>
{
    public override void Configure()
    {
        Get("/campaigns/{id}/report");
        Roles(Core.Accounts.Roles.Admin);
        Description(d => d.ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "A campaign's report (admins): its counts, and sent, failed, bounced, unsubscribed, opened, clicked and complained per minute, hour or day.";
            s.Description = "bucket= is minute, hour (default) or day; tz= the IANA time zone the buckets start in (default UTC), e.g. "
                + "Asia/Shanghai. Each point of series counts what happened in [at, next at): a recipient sent then bounced counts in sent "
                + "and in bounced, a click also as an open. Empty buckets between the first and the last are there as zeros (up to 1500 of "
                + "them). Opened and clicked count only for campaigns that track them. 404 for an unknown campaign.";
        });
    }

    public override async Task HandleAsync(CampaignReportRequest request, CancellationToken cancellationToken)
    {
        if (await campaigns.FindAsync(request.Id, cancellationToken) is not { } campaign)
        {
            await Send.ResultAsync(Problems.NotFound("campaign", request.Id));
            return;
        }
        var bucket = request.Bucket ?? "hour";
        var zone = request.Tz is null ? "UTC" : TimeZoneInfo.FindSystemTimeZoneById(request.Tz).Id;
        var counts = await campaigns.CountsAsync([campaign.Id], cancellationToken);
        var series = await reports.SeriesAsync(campaign.Id, bucket, zone, cancellationToken);
        await Send.OkAsync(new CampaignReportResponse(campaign.Id, campaign.Status, bucket, zone, counts[campaign.Id], series), cancellationToken);
    }
}
