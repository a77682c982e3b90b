using FastEndpoints;
using MailHub.Core.Accounts;
using MailHub.Core.Http;
using MailHub.Host.Api.Audit;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;

namespace MailHub.Host.Api.Auth;

/// <summary>POST /api/auth/sign-in: the console signs in with an e-mail and password and gets the session cookie.</summary>
[AuditedByItself]
internal sealed class SignIn(SignInGate gate, AccountSessions sessions, IAntiforgery antiforgery) : Endpoint<SignInRequest, MeResponse>
{
    public override void Configure()
    {
        Post("/auth/sign-in");
        AllowAnonymous();
        Options(b => b.RequireRateLimiting(RateLimitPolicies.SignIn));
        Description(d => d.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests));
        Summary(s =>
        {
            s.Summary = "Sign the console in with an e-mail and password (session cookie).";
            s.Description = "Sets the HttpOnly session cookie (SameSite=Strict; Secure over HTTPS; its 8 hours slide with use) and the "
                + "readable XSRF-TOKEN cookie, and answers who signed in. Send the XSRF-TOKEN cookie's value in the X-XSRF-TOKEN header "
                + "on every POST, PUT, PATCH and DELETE. When mustChangePassword is true, change the password (POST /api/auth/password) "
                + "before anything else. 401 for a wrong e-mail or password; 429 with Retry-After when this IP or this account tried "
                + "too often, or the account is locked after repeated failures (the detail says when to try again).";
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
        var account = signedIn.Account;
        var session = await sessions.StartAsync(account.Id, AccountSessions.Cookie, HttpContext.Connection.RemoteIpAddress?.ToString(),
            cancellationToken);
        var principal = AccountPrincipal.Of(account, session, ApiSchemes.Cookie);
        await HttpContext.SignInAsync(ApiSchemes.Cookie, principal, new AuthenticationProperties { IsPersistent = true });
        // The anti-forgery token is bound to the account: issue it for the one just signed in.
        HttpContext.User = principal;
        XsrfCookie.Issue(HttpContext, antiforgery);
        await Send.OkAsync(new MeResponse(account.Id, account.Email, account.DisplayName, account.Role, signedIn.MustChangePassword),
            cancellationToken);
    }
}
