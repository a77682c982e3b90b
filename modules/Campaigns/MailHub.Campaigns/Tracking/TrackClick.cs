using FastEndpoints;
using MailHub.Campaigns.Campaigns;
using Microsoft.AspNetCore.Http;

namespace MailHub.Campaigns.Tracking;

/// <summary>
/// GET /api/campaigns/t/c/{token}: a tracked link, without sign-in: the first click counts the recipient as clicked (and
/// opened), then a redirect to the URL the token names. The token is HMAC-signed, so only a URL that was in the campaign's
/// HTML can be the target: not an open redirect.
/// </summary>
internal sealed class TrackClick(TrackingTokens tokens, CampaignStore campaigns) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Get("/campaigns/t/c/{token}");
        AllowAnonymous();
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK).Produces(StatusCodes.Status302Found)
            .ProducesProblem(StatusCodes.Status400BadRequest));
        Summary(s =>
        {
            s.Summary = "A click-tracked link of a campaign message (no sign-in): counts the click once per recipient and redirects (302).";
            s.Description = "Only in campaigns with trackClicks. The token is signed (HMAC) and names the campaign, the recipient and the "
                + "link's URL; 400 for a token that is not ours or was changed (no redirect then).";
        });
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var target = await tokens.ReadAsync(Route<string>("token"), TrackingTokens.Click, cancellationToken);
        if (target?.Url is not { } url || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            await Send.ResultAsync(Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid link",
                detail: "This link is not valid or was cut short: open the link from the e-mail as it is."));
            return;
        }
        await campaigns.MarkTrackedAsync(target.CampaignId, target.RecipientId, click: true, cancellationToken);
        HttpContext.Response.Headers.CacheControl = "no-store, private";
        await Send.RedirectAsync(uri.AbsoluteUri, isPermanent: false, allowRemoteRedirects: true);
    }
}
