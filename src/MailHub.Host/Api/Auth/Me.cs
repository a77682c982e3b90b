using System.Security.Claims;
using FastEndpoints;
using MailHub.Core.Accounts;
using Microsoft.AspNetCore.Antiforgery;

namespace MailHub.Host.Api.Auth;

/// <summary>The signed-in account, as the console shows it in its header; <see cref="MustChangePassword"/>: ask for a new password first.</summary>
public sealed record MeResponse(Guid Id, string Email, string Name, string Role, bool MustChangePassword);

/// <summary>GET /api/auth/me: who the token or session belongs to.</summary>
internal sealed class Me(IAntiforgery antiforgery) : EndpointWithoutRequest<MeResponse>
{
    public override void Configure()
    {
        Get("/auth/me");
        Options(b => b.WithMetadata(AllowedBeforePasswordChange.Instance));
        Summary(s =>
        {
            s.Summary = "Who the bearer token or the session cookie belongs to.";
            s.Description = "The account's id, e-mail, display name and role, and whether it must change its password before "
                + "anything else (a generated or reset password). With the cookie it also renews the XSRF-TOKEN cookie.";
        });
    }

    public override Task HandleAsync(CancellationToken cancellationToken)
    {
        if (!ApiSchemes.IsBearer(HttpContext.Request))
            XsrfCookie.Issue(HttpContext, antiforgery);
        return Send.OkAsync(new MeResponse(
            User.AccountId(),
            User.FindFirstValue(ClaimTypes.Email) ?? "",
            User.FindFirstValue(ClaimTypes.Name) ?? "",
            User.FindFirstValue(ClaimTypes.Role) ?? "",
            HttpContext.Features.Get<SessionState>()?.MustChangePassword ?? false), cancellationToken);
    }
}
