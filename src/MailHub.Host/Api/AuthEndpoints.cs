using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using MailHub.Core.Accounts;
using Microsoft.AspNetCore.Authentication.BearerToken;

namespace MailHub.Host.Api;

internal static class AuthEndpoints
{
    public sealed record TokenRequest([property: Required, EmailAddress] string Email, [property: Required] string Password);

    public static void MapAuthEndpoints(this RouteGroupBuilder api)
    {
        // Answers {"tokenType": "Bearer", "accessToken", "expiresIn", "refreshToken"}.
        api.MapPost("/auth/token", async (TokenRequest request, AccountStore accounts, CancellationToken cancellationToken) =>
        {
            var account = await accounts.VerifyAsync(request.Email, request.Password, cancellationToken);
            if (account is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Wrong e-mail or password",
                    detail: "Check the e-mail and password; an administrator can reset the password of an agent.");
            }
            return Results.SignIn(PrincipalOf(account), authenticationScheme: BearerTokenDefaults.AuthenticationScheme);
        })
        .AllowAnonymous()
        .WithTags("Auth")
        .WithSummary("Exchange an e-mail and password for a bearer token.");

        api.MapGet("/auth/me", (ClaimsPrincipal user) => new
        {
            id = user.FindFirstValue(ClaimTypes.NameIdentifier),
            email = user.FindFirstValue(ClaimTypes.Email),
            name = user.FindFirstValue(ClaimTypes.Name),
            role = user.FindFirstValue(ClaimTypes.Role),
        })
        .WithTags("Auth")
        .WithSummary("Who the bearer token belongs to.");
    }

    private static ClaimsPrincipal PrincipalOf(Account account) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, account.Id.ToString()),
        new Claim(ClaimTypes.Email, account.Email),
        new Claim(ClaimTypes.Name, account.DisplayName),
        new Claim(ClaimTypes.Role, account.Role),
    ], BearerTokenDefaults.AuthenticationScheme));
}
