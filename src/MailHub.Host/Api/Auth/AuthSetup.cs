using MailHub.Core.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace MailHub.Host.Api.Auth;

internal static class AuthSetup
{
    /// <summary>How long the console's cookie lives without use; each use slides it (CookieAuthenticationOptions.SlidingExpiration).</summary>
    public static readonly TimeSpan CookieLifetime = TimeSpan.FromHours(8);

    public static void AddMailHubAuth(this IServiceCollection services)
    {
        services.AddAuthentication(ApiSchemes.BearerOrCookie)
            .AddPolicyScheme(ApiSchemes.BearerOrCookie, "Bearer token or the console's cookie",
                options => options.ForwardDefaultSelector = ApiSchemes.Select)
            .AddBearerToken(ApiSchemes.Bearer, options =>
            {
                options.BearerTokenExpiration = TimeSpan.FromHours(8);
                options.Events.OnMessageReceived = LiveToken.FromQuery;
            })
            .AddCookie(ApiSchemes.Cookie, options =>
            {
                options.Cookie.Name = "MailHub.Session";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = CookieLifetime;
                options.SlidingExpiration = true;
                // An API: no redirects to a login page, the status and problem details (UseStatusCodePages) instead.
                options.Events.OnRedirectToLogin = context => Status(context, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => Status(context, StatusCodes.Status403Forbidden);
                options.Events.OnCheckSlidingExpiration = async context =>
                {
                    if (context.ShouldRenew && context.Principal?.SessionId() is { } session)
                        await context.HttpContext.RequestServices.GetRequiredService<AccountSessions>().TouchAsync(session, context.HttpContext.RequestAborted);
                };
            });
        services.AddAntiforgery(XsrfCookie.Configure);
        services.AddSingleton<SignInGate>();
    }

    /// <summary>After authentication: sessions signed out elsewhere and forced password changes, then the anti-forgery check.</summary>
    public static void UseMailHubAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseMiddleware<SessionCheck>();
        app.UseMiddleware<AntiforgeryCheck>();
    }

    private static Task Status(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }
}
