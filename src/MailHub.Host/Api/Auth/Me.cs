using System.Security.Claims;
using FastEndpoints;
using MailHub.Core.Accounts;

namespace MailHub.Host.Api.Auth;

/// <summary>The signed-in account, as the console shows it in its header.</summary>
public sealed record MeResponse(Guid Id, string Email, string Name, string Role);

/// <summary>GET /api/auth/me: who the token or session belongs to.</summary>
internal sealed class Me : EndpointWithoutRequest<MeResponse>
{
    public override void Configure()
    {
        Get("/auth/me");
        Summary(s =>
        {
            s.Summary = "Who the bearer token belongs to.";
            s.Description = "The account's id, e-mail, display name and role (admin or agent).";
        });
    }

    public override Task HandleAsync(CancellationToken cancellationToken) => Send.OkAsync(new MeResponse(
        User.AccountId(),
        User.FindFirstValue(ClaimTypes.Email) ?? "",
        User.FindFirstValue(ClaimTypes.Name) ?? "",
        User.FindFirstValue(ClaimTypes.Role) ?? ""), cancellationToken);
}
