using Microsoft.AspNetCore.Antiforgery;

namespace MailHub.Host.Api.Auth;

/// <summary>
/// The anti-forgery token as the console reads it: a cookie script may read (<c>XSRF-TOKEN</c>), sent back in the
/// <c>X-XSRF-TOKEN</c> header, the names Angular's HttpClient and axios use by default. The token is tied to the signed-in
/// account, so it is issued at sign-in and again on every GET /api/auth/me.
/// </summary>
internal static class XsrfCookie
{
    public const string Name = "XSRF-TOKEN";
    public const string Header = "X-XSRF-TOKEN";

    public static void Configure(AntiforgeryOptions options)
    {
        options.HeaderName = Header;
        options.Cookie.Name = "MailHub.Antiforgery";
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        // Framing is the security headers' business (frame-ancestors), not the token's.
        options.SuppressXFrameOptionsHeader = true;
    }

    public static void Issue(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        context.Response.Cookies.Append(Name, tokens.RequestToken!, new CookieOptions
        {
            HttpOnly = false,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
        });
    }

    public static void Delete(HttpContext context) => context.Response.Cookies.Delete(Name, new CookieOptions { Path = "/" });
}
