using FastEndpoints;
using FluentValidation;
using MailHub.Core.Accounts;
using MailHub.Core.Http;
using MailHub.Host.Api.Audit;

namespace MailHub.Host.Api.Auth;

/// <summary>The token of an invitation link (the part after <c>#</c> of <c>/welcome#…</c>).</summary>
public sealed record InvitationRequest(string Token);

internal sealed class InvitationRequestValidator : Validator<InvitationRequest>
{
    public InvitationRequestValidator() =>
        RuleFor(r => r.Token).NotEmpty().WithMessage("Open the whole link you were sent: its end is missing.").MaximumLength(100);
}

/// <summary>Whose invitation it is, for the page where they choose their password.</summary>
public sealed record InvitationDetails(string Name, string Email, DateTimeOffset ExpiresAt);

/// <summary>POST /api/auth/invitation: what the link's page shows before the invitee chooses a password.</summary>
[AuditedByItself] // it reads; the acceptance writes the audit line
internal sealed class ReadInvitation(AccountInvitations invitations) : Endpoint<InvitationRequest, InvitationDetails>
{
    public override void Configure()
    {
        Post("/auth/invitation");
        AllowAnonymous();
        Options(b => b.RequireRateLimiting(RateLimitPolicies.SignIn));
        Description(d => d.ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status429TooManyRequests));
        Summary(s =>
        {
            s.Summary = "Read an invitation link: whose it is and until when it works.";
            s.Description = "The token travels in the body, not the URL, so it stays out of logs. Answers the invitee's name and e-mail; "
                + "404 when the link does not work (used, replaced by a newer one, or never issued), 410 when it expired; rate "
                + "limited like sign-in.";
        });
    }

    public override async Task HandleAsync(InvitationRequest request, CancellationToken cancellationToken)
    {
        var invitation = await invitations.FindAsync(request.Token, cancellationToken);
        if (invitation is null)
            await Send.ResultAsync(InvitationProblems.Unknown());
        else if (invitation.Expired)
            await Send.ResultAsync(InvitationProblems.Expired(invitation));
        else
            await Send.OkAsync(new InvitationDetails(invitation.DisplayName, invitation.Email, invitation.ExpiresAt), cancellationToken);
    }
}
