using System.Security.Claims;
using MailHub.Core.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace MailHub.Host.Api.Auth;

/// <summary>
/// Runs after authentication on every request: a cookie or token whose session was signed out (on any node), whose
/// account is disabled, or that has no session at all is treated as no credential (401 where one is needed). An
/// account that must change its password gets 403 everywhere but <see cref="AllowedBeforePasswordChange"/> endpoints.
/// </summary>
internal sealed class SessionCheck(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, AccountSessions sessions)
    {
        if (context.User.Identity?.IsAuthenticated == true)
        {
            var state = context.User.SessionId() is { } id && Guid.TryParse(context.User.FindFirstValue(ClaimTypes.NameIdentifier), out var account)
                ? await sessions.FindAsync(id, account, context.RequestAborted)
                : null;
            if (state is null)
            {
                if (!ApiSchemes.IsBearer(context.Request))
                    await context.SignOutAsync(ApiSchemes.Cookie); // the browser drops the dead cookie
                context.User = new(new ClaimsIdentity());
            }
            else
            {
                context.Features.Set(state);
                if (state.MustChangePassword && MustWait(context))
                {
                    await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Change your password first",
                            detail: "This account's password was generated or reset by an administrator. Change it with POST /api/auth/password "
                                + "{currentPassword, newPassword}, then try again.")
                        .ExecuteAsync(context);
                    return;
                }
            }
        }
        await next(context);
    }

    private static bool MustWait(HttpContext context) =>
        context.GetEndpoint()?.Metadata is { } metadata
        && metadata.GetMetadata<AllowedBeforePasswordChange>() is null
        && metadata.GetMetadata<IAllowAnonymous>() is null;
}
