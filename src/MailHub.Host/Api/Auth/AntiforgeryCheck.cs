using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;

namespace MailHub.Host.Api.Auth;

/// <summary>
/// Unsafe methods (POST, PUT, PATCH, DELETE) signed in by the console's cookie must carry the anti-forgery token in the
/// <c>X-XSRF-TOKEN</c> header (ASP.NET Core antiforgery; the console reads it from the <c>XSRF-TOKEN</c> cookie, see
/// <see cref="XsrfCookie"/>): a page of another site can make the browser send the cookie but cannot read that cookie.
/// Bearer requests carry no ambient credential and are exempt, and so are anonymous endpoints (signing in).
/// </summary>
internal sealed class AntiforgeryCheck(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (NeedsToken(context) && !await antiforgery.IsRequestValidAsync(context))
        {
            await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Missing or stale anti-forgery token",
                    detail: $"A request signed in with the console's cookie sends the value of the {XsrfCookie.Name} cookie in the "
                        + $"{XsrfCookie.Header} header. Read GET /api/auth/me to get a fresh one, then send the request again.")
                .ExecuteAsync(context);
            return;
        }
        await next(context);
    }

    private static bool NeedsToken(HttpContext context) =>
        !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
            || HttpMethods.IsOptions(context.Request.Method) || HttpMethods.IsTrace(context.Request.Method))
        && context.User.Identity?.IsAuthenticated == true
        && !ApiSchemes.IsBearer(context.Request)
        && context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is null;
}
