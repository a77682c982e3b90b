using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace MailHub.Conversations.Html;

/// <summary>
/// Sanitized HTML, whether remote images were blocked (the console can offer "Show images"), and the remote images' URLs
/// as the message wrote them (the only URLs the image proxy fetches for it).
/// </summary>
internal sealed record SanitizedHtml(string Html, bool RemoteImagesBlocked, IReadOnlyList<string> RemoteImages);

/// <summary>
/// An allow-list sanitizer for mail HTML shown in the console: only known-harmless elements and attributes
/// survive; scripts, event handlers, forms, frames, <c>javascript:</c> URLs and style expressions go.
/// Remote images are blocked unless asked for (they tell the sender the mail was read), and then point at MailHub's image
/// proxy (the console's Content-Security-Policy loads images from MailHub only); <c>cid:</c> images point at the
/// message's attachment download.
/// </summary>
internal static class HtmlSanitizer
{
    public const string BlockedSourceAttribute = "data-blocked-src";

    // Removed with everything inside them.
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input", "button", "select",
        "textarea", "option", "meta", "link", "base", "title", "head", "noscript", "template", "svg", "math", "audio", "video",
        "source", "track", "canvas", "portal", "dialog", "slot",
    };

    // Kept; any other element is replaced by its children (its text stays readable).
    private static readonly HashSet<string> Allowed = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "abbr", "address", "b", "bdi", "bdo", "blockquote", "br", "caption", "center", "cite", "code", "col", "colgroup",
        "dd", "del", "div", "dl", "dt", "em", "font", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
        "mark", "ol", "p", "pre", "q", "s", "small", "span", "strike", "strong", "sub", "sup", "table", "tbody", "td", "tfoot",
        "th", "thead", "tr", "tt", "u", "ul", "wbr", "section", "article", "header", "footer", "figure", "figcaption",
    };

    private static readonly HashSet<string> AllowedAttributes = new(StringComparer.OrdinalIgnoreCase)
    {
        "href", "src", "alt", "title", "width", "height", "align", "valign", "border", "cellpadding", "cellspacing", "colspan",
        "rowspan", "style", "color", "face", "size", "bgcolor", "dir", "lang", "start", "type", "span", "nowrap", "cite",
    };

    private static readonly string[] ForbiddenInStyle =
        ["expression", "javascript", "vbscript", "url(", "behavior", "binding", "@import", "\\", "position", "<", "/*"];

    /// <param name="contentIdUrl">The download URL of the attachment with a Content-ID, or null when there is none.</param>
    /// <param name="remoteImageUrl">Where a remote image (http, https) is shown from; null blocks them.</param>
    public static SanitizedHtml Sanitize(string html, Func<string, string?> contentIdUrl, Func<string, string>? remoteImageUrl = null)
    {
        var document = new HtmlParser().ParseDocument(html);
        var body = document.Body;
        if (body is null)
            return new SanitizedHtml("", false, []);
        var remote = new List<string>();
        foreach (var element in body.QuerySelectorAll("*").ToArray())
        {
            if (Dropped.Contains(element.LocalName))
            {
                element.Remove();
                continue;
            }
            if (!Allowed.Contains(element.LocalName))
            {
                element.Replace([.. element.ChildNodes]);
                continue;
            }
            CleanAttributes(element);
            if (element.LocalName == "a" && element.HasAttribute("href"))
            {
                element.SetAttribute("target", "_blank");
                element.SetAttribute("rel", "noopener noreferrer nofollow");
            }
            if (element.LocalName == "img" && RewriteImage(element, contentIdUrl, remoteImageUrl) is { } url)
                remote.Add(url);
        }
        return new SanitizedHtml(body.InnerHtml, remote.Count > 0 && remoteImageUrl is null, remote);
    }

    private static void CleanAttributes(IElement element)
    {
        foreach (var attribute in element.Attributes.ToArray())
        {
            var name = attribute.Name;
            var keep = AllowedAttributes.Contains(name) && attribute.NamespaceUri is null && name switch
            {
                "href" => IsSafeUrl(attribute.Value, ["http", "https", "mailto"]),
                "src" => IsSafeUrl(attribute.Value, ["http", "https", "cid", "data"]),
                "cite" => IsSafeUrl(attribute.Value, ["http", "https"]),
                "style" => false,
                _ => true,
            };
            if (name == "style" && SafeStyle(attribute.Value) is { Length: > 0 } style)
            {
                element.SetAttribute("style", style);
                continue;
            }
            if (!keep)
                element.RemoveAttribute(name);
        }
    }

    /// <returns>The remote image's URL, or null when the image is not remote.</returns>
    private static string? RewriteImage(IElement image, Func<string, string?> contentIdUrl, Func<string, string>? remoteImageUrl)
    {
        var source = image.GetAttribute("src")?.Trim();
        if (string.IsNullOrEmpty(source))
            return null;
        var scheme = SchemeOf(source);
        if (scheme == "cid")
        {
            var url = contentIdUrl(Uri.UnescapeDataString(source[4..]).Trim('<', '>'));
            if (url is null)
                image.RemoveAttribute("src");
            else
                image.SetAttribute("src", url);
            return null;
        }
        if (scheme == "data")
        {
            var lower = source.ToLowerInvariant();
            if (!(lower.StartsWith("data:image/png", StringComparison.Ordinal) || lower.StartsWith("data:image/gif", StringComparison.Ordinal)
                || lower.StartsWith("data:image/jpeg", StringComparison.Ordinal) || lower.StartsWith("data:image/webp", StringComparison.Ordinal)))
                image.RemoveAttribute("src");
            return null;
        }
        if (scheme is not ("http" or "https"))
        {
            image.RemoveAttribute("src"); // a fragment: no image
            return null;
        }
        if (remoteImageUrl is null)
        {
            image.RemoveAttribute("src");
            image.SetAttribute(BlockedSourceAttribute, source);
        }
        else
            image.SetAttribute("src", remoteImageUrl(source));
        return source;
    }

    private static bool IsSafeUrl(string value, string[] schemes)
    {
        var scheme = SchemeOf(value);
        return scheme is null ? IsFragment(value) : schemes.Contains(scheme);
    }

    private static bool IsFragment(string value) => value.TrimStart().StartsWith('#');

    /// <summary>The URL's scheme, lower-case, ignoring the whitespace and control characters browsers skip ("java\tscript:").</summary>
    private static string? SchemeOf(string url)
    {
        var compact = new string(url.Where(c => c > ' ' && !char.IsControl(c)).ToArray()).ToLowerInvariant();
        var colon = compact.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
            return null;
        var slash = compact.IndexOfAny(['/', '?', '#']);
        return slash >= 0 && slash < colon ? null : compact[..colon];
    }

    private static string SafeStyle(string style)
    {
        var kept = new List<string>();
        foreach (var declaration in style.Split(';'))
        {
            var compact = new string(declaration.Where(c => !char.IsWhiteSpace(c)).ToArray()).ToLowerInvariant();
            if (compact.Length == 0 || !compact.Contains(':', StringComparison.Ordinal))
                continue;
            if (ForbiddenInStyle.Any(f => compact.Contains(f, StringComparison.Ordinal)) || compact.Any(char.IsControl))
                continue;
            kept.Add(declaration.Trim());
        }
        return string.Join("; ", kept);
    }
}
