using Microsoft.AspNetCore.Http;

namespace MailHub.Campaigns;

/// <summary>Chinese (简体中文) or English for what Campaigns says to a person: the request's Accept-Language decides.</summary>
internal static class Language
{
    public static bool PrefersChinese(HttpRequest request)
    {
        if (request.Query.TryGetValue("lang", out var lang) && lang.Count > 0)
            return lang[0]!.StartsWith("zh", StringComparison.OrdinalIgnoreCase);
        var header = request.GetTypedHeaders().AcceptLanguage;
        var first = header.OrderByDescending(l => l.Quality ?? 1).FirstOrDefault();
        return first?.Value.Value?.StartsWith("zh", StringComparison.OrdinalIgnoreCase) == true;
    }
}
