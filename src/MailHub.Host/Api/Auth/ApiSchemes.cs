using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace MailHub.Host.Api.Auth;

/// <summary>
/// One authentication for the API that takes either credential: a bearer token (scripts, integrators; the
/// <c>Authorization</c> header, or <c>access_token</c> on the live endpoints: <see cref="LiveToken"/>) or the console's
/// session cookie. The policy scheme picks by what the request carries, so a request never mixes the two.
/// </summary>
internal static class ApiSchemes
{
    public const string BearerOrCookie = "BearerOrCookie";
    public const string Bearer = BearerTokenDefaults.AuthenticationScheme;
    public const string Cookie = CookieAuthenticationDefaults.AuthenticationScheme;

    /// <summary>
    /// The request carries a bearer token. Such a request has no ambient credential a browser would send on its own, so
    /// it needs no anti-forgery token; everything else is authenticated by the cookie.
    /// </summary>
    public static bool IsBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        || LiveToken.InQuery(request) is not null;

    public static string Select(HttpContext context) => IsBearer(context.Request) ? Bearer : Cookie;
}
