using System.Security.Claims;
using FastEndpoints;
using FluentValidation;
using MailHub.Core.Accounts;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Authentication.BearerToken;

namespace MailHub.Host.Api.Auth;

public sealed record TokenRequest(string Email, string Password);

internal sealed class TokenRequestValidator : Validator<TokenRequest>
{
    public TokenRequestValidator()
    {
        RuleFor(r => r.Email).NotEmpty().EmailAddress().MaximumLength(320);
        RuleFor(r => r.Password).NotEmpty().MaximumLength(1024);
    }
}

/// <summary>POST /api/auth/token: an e-mail and password for a bearer token (scripts, QA, integrators).</summary>
internal sealed class IssueToken(AccountStore accounts) : Endpoint<TokenRequest, AccessTokenResponse>
{
    public override void Configure()
    {
        Post("/auth/token");
        AllowAnonymous();
        Options(b => b.RequireRateLimiting(RateLimitPolicies.SignIn));
        Description(d => d.ProducesProblem(StatusCodes.Status401Unauthorized));
        Summary(s =>
        {
            s.Summary = "Exchange an e-mail and password for a bearer token.";
            s.Description = "Answers the token and when it expires; send it as `Authorization: Bearer <accessToken>`.";
        });
    }

    public override async Task HandleAsync(TokenRequest request, CancellationToken cancellationToken)
    {
        var account = await accounts.VerifyAsync(request.Email, request.Password, cancellationToken);
        if (account is null)
        {
            await Send.ResultAsync(Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Wrong e-mail or password",
                detail: "Check the e-mail and password; an administrator can reset the password of an agent."));
            return;
        }
        await Send.ResultAsync(Results.SignIn(PrincipalOf(account), authenticationScheme: BearerTokenDefaults.AuthenticationScheme));
    }

    private static ClaimsPrincipal PrincipalOf(Account account) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, account.Id.ToString()),
        new Claim(ClaimTypes.Email, account.Email),
        new Claim(ClaimTypes.Name, account.DisplayName),
        new Claim(ClaimTypes.Role, account.Role),
    ], BearerTokenDefaults.AuthenticationScheme));
}
