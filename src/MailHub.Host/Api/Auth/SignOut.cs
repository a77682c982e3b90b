using FastEndpoints;
using MailHub.Core.Accounts;
using MailHub.Core.Audit;
using MailHub.Host.Api.Audit;
using Microsoft.AspNetCore.Authentication;

namespace MailHub.Host.Api.Auth;

/// <summary>POST /api/auth/sign-out: ends the caller's session on every node (cookie, or bearer token with its refresh token).</summary>
[AuditedByItself]
internal sealed class SignOut(AccountSessions sessions, AuditLog audit) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Post("/auth/sign-out");
        Options(b => b.WithMetadata(AllowedBeforePasswordChange.Instance));
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK).Produces(StatusCodes.Status204NoContent));
        Summary(s =>
        {
            s.Summary = "Sign out: end this session on every node.";
            s.Description = "The session cookie, or the bearer token and its refresh token, are refused on every node from the next "
                + "request (the session is deleted in PostgreSQL). Other sessions of the account stay signed in. Answers 204.";
        });
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        if (User.SessionId() is { } session)
            await sessions.EndAsync(session, cancellationToken);
        if (!ApiSchemes.IsBearer(HttpContext.Request))
        {
            await HttpContext.SignOutAsync(ApiSchemes.Cookie);
            XsrfCookie.Delete(HttpContext);
        }
        await audit.WriteAsync(AuditRecord.Of(HttpContext, "SignOut", User.SessionId()?.ToString(), StatusCodes.Status204NoContent));
        await Send.NoContentAsync(cancellationToken);
    }
}
