using FastEndpoints;
using MailHub.Campaigns.Campaigns;
using Microsoft.AspNetCore.Http;

namespace MailHub.Campaigns.Tracking;

/// <summary>GET /api/campaigns/t/o/{token}: the open pixel, without sign-in; the first fetch counts the recipient as opened.</summary>
internal sealed class TrackOpen(TrackingTokens tokens, CampaignStore campaigns, Report.CampaignProgress progress) : EndpointWithoutRequest
{
    // A transparent 1×1 GIF (GIF89a, one transparent pixel).
    private static readonly byte[] Pixel = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    public override void Configure()
    {
        Get("/campaigns/t/o/{token}");
        AllowAnonymous();
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK).Produces<IFormFile>(StatusCodes.Status200OK, "image/gif")
            .Produces(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "The open-tracking pixel of a campaign message (no sign-in): a 1×1 GIF; the first fetch marks the recipient opened.";
            s.Description = "Only in campaigns with trackOpens. The token is signed (HMAC) and names the campaign and recipient; 404 for one "
                + "that is not ours. Never cached, so each fetch reaches MailHub; counted once per recipient.";
        });
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        if (await tokens.ReadAsync(Route<string>("token"), TrackingTokens.Open, cancellationToken) is not { } target)
        {
            await Send.NotFoundAsync(cancellationToken);
            return;
        }
        await campaigns.MarkTrackedAsync(target.CampaignId, target.RecipientId, click: false, cancellationToken);
        progress.Changed(target.CampaignId);
        HttpContext.Response.Headers.CacheControl = "no-store, no-cache, must-revalidate, private";
        await Send.BytesAsync(Pixel, contentType: "image/gif", cancellation: cancellationToken);
    }
}
