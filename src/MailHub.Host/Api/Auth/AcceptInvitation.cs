using FastEndpoints;
using FluentValidation;
using MailHub.Core.Accounts;
using MailHub.Core.Audit;
using MailHub.Core.Http;
using MailHub.Host.Api.Audit;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;

namespace MailHub.Host.Api.Auth;

/// <summary>An invitation link's token and the password the invitee chose.</summary>
public sealed record AcceptInvitationRequest(string Token, string Password);

internal sealed class AcceptInvitationRequestValidator : Validator<AcceptInvitationRequest>
{
    public AcceptInvitationRequestValidator()
    {
        RuleFor(r => r.Token).NotEmpty().WithMessage("Open the whole link you were sent: its end is missing.").MaximumLength(100);
        // The policy's own words (PasswordPolicy.Check), as for a password change.
        RuleFor(r => r.Password).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage($"Choose a password of at least {PasswordPolicy.MinLength} characters.")
            .MinimumLength(PasswordPolicy.MinLength).WithMessage((_, password) => PasswordPolicy.Check(password))
            .MaximumLength(PasswordPolicy.MaxLength).WithMessage((_, password) => PasswordPolicy.Check(password))
            .Must(password => PasswordPolicy.Check(password) is null).WithMessage((_, password) => PasswordPolicy.Check(password));
    }
}

/// <summary>POST /api/auth/invitation/accept: the invitee chooses their password and is signed in (the console's cookie).</summary>
[AuditedByItself]
internal sealed class AcceptInvitation(AccountInvitations invitations, AccountSessions sessions, AuditLog audit, IAntiforgery antiforgery)
    : Endpoint<AcceptInvitationRequest, MeResponse>
{
    public override void Configure()
    {
        Post("/auth/invitation/accept");
        AllowAnonymous();
        Options(b => b.RequireRateLimiting(RateLimitPolicies.SignIn));
        Description(d => d.ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status429TooManyRequests));
        Summary(s =>
        {
            s.Summary = "Choose the password of an invited account and sign in (session cookie).";
            s.Description = "Uses the link up: it works once. Sets the password, then signs the console in as POST /api/auth/sign-in "
                + "does (the session cookie and XSRF-TOKEN) and answers who signed in. 400 for a password that is too short or too "
                + "simple (the message says what to choose); 404 when the link does not work (used, replaced, never issued); 410 "
                + "when it expired; rate limited like sign-in.";
        });
    }

    public override async Task HandleAsync(AcceptInvitationRequest request, CancellationToken cancellationToken)
    {
        var account = await invitations.AcceptAsync(request.Token, request.Password, cancellationToken);
        if (account is null)
        {
            var invitation = await invitations.FindAsync(request.Token, cancellationToken);
            await Send.ResultAsync(invitation is { Expired: true } ? InvitationProblems.Expired(invitation) : InvitationProblems.Unknown());
            return;
        }
        await audit.WriteAsync(AuditRecord.Of(HttpContext, "AcceptInvitation", account.Id.ToString(), StatusCodes.Status200OK)
            with { ActorId = account.Id, ActorEmail = account.Email });
        var session = await sessions.StartAsync(account.Id, AccountSessions.Cookie, HttpContext.Connection.RemoteIpAddress?.ToString(),
            cancellationToken);
        var principal = AccountPrincipal.Of(account, session, ApiSchemes.Cookie);
        await HttpContext.SignInAsync(ApiSchemes.Cookie, principal, new AuthenticationProperties { IsPersistent = true });
        HttpContext.User = principal; // the anti-forgery token is bound to the account
        XsrfCookie.Issue(HttpContext, antiforgery);
        await Send.OkAsync(new MeResponse(account.Id, account.Email, account.DisplayName, account.Role, MustChangePassword: false), cancellationToken);
    }
}
