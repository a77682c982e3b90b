using System.Security.Claims;
using FastEndpoints;
using FluentValidation;
using MailHub.Core.Accounts;
using MailHub.Host.Api.Audit;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.Extensions.Options;

namespace MailHub.Host.Api.Auth;

public sealed record RefreshRequest(string RefreshToken);

internal sealed class RefreshRequestValidator : Validator<RefreshRequest>
{
    public RefreshRequestValidator() => RuleFor(r => r.RefreshToken).NotEmpty().MaximumLength(8192);
}

/// <summary>POST /api/auth/refresh: a refresh token for a new bearer token, in the same session.</summary>
[AuditedByItself]
internal sealed class RefreshToken(IOptionsMonitor<BearerTokenOptions> bearer, AccountSessions sessions, AccountStore accounts)
    : Endpoint<RefreshRequest, AccessTokenResponse>
{
    public override void Configure()
    {
        Post("/auth/refresh");
        AllowAnonymous();
        Options(b => b.RequireRateLimiting(MailHub.Core.Http.RateLimitPolicies.SignIn));
        Description(d => d.ProducesProblem(StatusCodes.Status401Unauthorized));
        Summary(s =>
        {
            s.Summary = "Exchange a refresh token for a new bearer token.";
            s.Description = "Send the refreshToken of POST /api/auth/token (or of an earlier refresh); answers a new accessToken and "
                + "refreshToken in the same session, with the account's current name and role. 401 when the refresh token is not "
                + "valid, has expired (14 days), or its session was signed out: sign in again.";
        });
    }

    public override async Task HandleAsync(RefreshRequest request, CancellationToken cancellationToken)
    {
        var options = bearer.Get(ApiSchemes.Bearer);
        var ticket = options.RefreshTokenProtector.Unprotect(request.RefreshToken);
        var now = (options.TimeProvider ?? TimeProvider.System).GetUtcNow();
        var account = ticket?.Properties.ExpiresUtc is { } expires && now < expires
            && ticket.Principal.SessionId() is { } session
            && Guid.TryParse(ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier), out var accountId)
            && await sessions.FindAsync(session, accountId, cancellationToken) is not null
                ? await accounts.FindAsync(accountId, cancellationToken)
                : null;
        if (account is null)
        {
            await Send.ResultAsync(Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign in again",
                detail: "The refresh token is not valid, has expired, or its session was signed out: get a new one from POST /api/auth/token."));
            return;
        }
        var sessionId = ticket!.Principal.SessionId()!.Value;
        await sessions.TouchAsync(sessionId, cancellationToken);
        await Send.ResultAsync(Results.SignIn(AccountPrincipal.Of(account, sessionId, ApiSchemes.Bearer), authenticationScheme: ApiSchemes.Bearer));
    }
}
