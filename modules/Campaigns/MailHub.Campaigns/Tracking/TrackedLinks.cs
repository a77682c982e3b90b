using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace MailHub.Campaigns.Tracking;

/// <summary>
/// Adds tracking to a recipient's rendered HTML: each <c>&lt;a href="http(s)://..."&gt;</c> becomes a signed redirect
/// link (GET /api/campaigns/t/c/{token}) unless it is the unsubscribe link, and a 1×1 pixel (GET /api/campaigns/t/o/{token})
/// goes before <c>&lt;/body&gt;</c>. Only the href attribute's value is replaced (a regular expression over a tags: the rest of the
/// author's HTML is left byte for byte); mailto:, tel:, anchors and relative links stay.
/// </summary>
internal static partial class TrackedLinks
{
    public const string OpenPath = "/api/campaigns/t/o/";
    public const string ClickPath = "/api/campaigns/t/c/";

    [GeneratedRegex("""(<a\b[^>]*?\shref\s*=\s*)(?:"(?<v>[^"]*)"|'(?<v>[^']*)')""", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Anchor(); // \s before href: not data-href

    public static async Task<string> ApplyAsync(string html, TrackingTokens tokens, string baseUrl, Guid campaignId, Guid recipientId, bool opens,
        bool clicks, string unsubscribeUrl, CancellationToken cancellationToken)
    {
        if (clicks)
        {
            var output = new StringBuilder(html.Length + 1024);
            var last = 0;
            foreach (Match match in Anchor().Matches(html))
            {
                var value = match.Groups["v"];
                var url = WebUtility.HtmlDecode(value.Value).Trim();
                if (!IsTracked(url, baseUrl, unsubscribeUrl))
                    continue;
                var token = await tokens.CreateAsync(new TrackingTarget(TrackingTokens.Click, campaignId, recipientId, url), cancellationToken);
                output.Append(html, last, value.Index - last).Append(WebUtility.HtmlEncode(baseUrl + ClickPath + token));
                last = value.Index + value.Length;
            }
            html = output.Append(html, last, html.Length - last).ToString();
        }
        if (opens)
        {
            var token = await tokens.CreateAsync(new TrackingTarget(TrackingTokens.Open, campaignId, recipientId, null), cancellationToken);
            var pixel = $"<img src=\"{WebUtility.HtmlEncode(baseUrl + OpenPath + token)}\" width=\"1\" height=\"1\" alt=\"\" "
                + "style=\"display:block;width:1px;height:1px;border:0\">";
            var end = html.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
            html = end >= 0 ? html.Insert(end, pixel) : html + pixel;
        }
        return html;
    }

    /// <summary>An absolute http(s) link that is not the unsubscribe link nor one of ours.</summary>
    public static bool IsTracked(string url, string baseUrl, string unsubscribeUrl) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
        && url != unsubscribeUrl && !url.StartsWith(baseUrl + "/api/campaigns/", StringComparison.OrdinalIgnoreCase);
}
