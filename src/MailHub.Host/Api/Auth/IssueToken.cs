using FastEndpoints;
using MailHub.Core.Accounts;
using MailHub.Core.Http;
using MailHub.Host.Api.Audit;
using Microsoft.AspNetCore.Authentication.BearerToken;

namespace MailHub.Host.Api.Auth;

/// <summary>POST /api/auth/token: an e-mail and password for a bearer token and a refresh token (scripts, QA, integrators).</summary>
[AuditedByItself]
internal sealed class IssueToken(SignInGate gate, AccountSessions sessions) : Endpoint<SignInRequest, AccessTokenResponse>
{
    public override void Configure()
    {
        Post("/auth/token");
        AllowAnonymous();
        Options(b => b.RequireRateLimiting(RateLimitPolicies.SignIn));
        Description(d => d.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests));
        Summary(s =>
        {
            s.Summary = "Exchange an e-mail and password for a bearer token.";
            s.Description = "Answers the token, when it expires and a refresh token (POST /api/auth/refresh); send the token as "
                + "`Authorization: Bearer <accessToken>`. Each call starts a session that POST /api/auth/sign-out ends on every node. "
                + "401 for a wrong e-mail or password; 429 with Retry-After when this IP or this account tried too often, or the "
                + "account is locked after repeated failures (the detail says when to try again).";
        });
    }

    public override async Task HandleAsync(SignInRequest request, CancellationToken cancellationToken)
    {
        var (signedIn, refusal) = await gate.CheckAsync(HttpContext, request.Email, request.Password, cancellationToken);
        if (signedIn is null)
        {
            await Send.ResultAsync(refusal!);
            return;
        }
        var session = await sessions.StartAsync(signedIn.Account.Id, AccountSessions.Bearer, HttpContext.Connection.RemoteIpAddress?.ToString(),
            cancellationToken);
        await Send.ResultAsync(Results.SignIn(AccountPrincipal.Of(signedIn.Account, session, ApiSchemes.Bearer),
            authenticationScheme: ApiSchemes.Bearer));
    }
}
