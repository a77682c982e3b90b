using FastEndpoints;
using FluentValidation;
using MailHub.Core.Accounts;
using MailHub.Core.Audit;
using MailHub.Core.Http;
using MailHub.Host.Api.Audit;

namespace MailHub.Host.Api.Auth;

public sealed record ChangePasswordRequest(string CurrentPassword, string NewPassword);

internal sealed class ChangePasswordRequestValidator : Validator<ChangePasswordRequest>
{
    public ChangePasswordRequestValidator()
    {
        RuleFor(r => r.CurrentPassword).NotEmpty().WithMessage("Type your current password.").MaximumLength(PasswordPolicy.MaxLength);
        // The policy's own words (PasswordPolicy.Check); the length rules are spelled out too so the schema shows them.
        RuleFor(r => r.NewPassword).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage($"Choose a new password of at least {PasswordPolicy.MinLength} characters.")
            .MinimumLength(PasswordPolicy.MinLength).WithMessage((_, password) => PasswordPolicy.Check(password))
            .MaximumLength(PasswordPolicy.MaxLength).WithMessage((_, password) => PasswordPolicy.Check(password))
            .Must(password => PasswordPolicy.Check(password) is null).WithMessage((_, password) => PasswordPolicy.Check(password));
    }
}

/// <summary>POST /api/auth/password: the signed-in account changes its own password.</summary>
[AuditedByItself]
internal sealed class ChangePassword(AccountPasswords passwords, AuditLog audit) : Endpoint<ChangePasswordRequest>
{
    public override void Configure()
    {
        Post("/auth/password");
        Options(b => b.WithMetadata(AllowedBeforePasswordChange.Instance).RequireRateLimiting(RateLimitPolicies.SignIn));
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK).Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status429TooManyRequests));
        Summary(s =>
        {
            s.Summary = "Change your own password.";
            s.Description = $"The current password and a new one (at least {PasswordPolicy.MinLength} characters, not the current one). "
                + "Answers 204; every other session of the account is signed out on every node, this one stays. Required first when "
                + "mustChangePassword is true (a generated or reset password). 400 names the field: a wrong current password, a weak new one.";
        });
    }

    public override async Task HandleAsync(ChangePasswordRequest request, CancellationToken cancellationToken)
    {
        var result = await passwords.ChangeAsync(User.AccountId(), request.CurrentPassword, request.NewPassword, User.SessionId()!.Value,
            cancellationToken);
        switch (result)
        {
            case PasswordChangeResult.WrongCurrentPassword:
                await audit.WriteAsync(AuditRecord.Of(HttpContext, "ChangePasswordFailed", User.AccountId().ToString(), StatusCodes.Status400BadRequest));
                await Send.ResultAsync(Problems.Invalid("currentPassword",
                    "That is not your current password: type it again, or ask an administrator to reset it."));
                return;
            case PasswordChangeResult.SameAsCurrent:
                await Send.ResultAsync(Problems.Invalid("newPassword", "Choose a new password that is not the current one."));
                return;
            case PasswordChangeResult.NoAccount:
                await Send.ResultAsync(Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Signed out",
                    detail: "This account no longer exists: sign in again."));
                return;
        }
        await audit.WriteAsync(AuditRecord.Of(HttpContext, "ChangePassword", User.AccountId().ToString(), StatusCodes.Status204NoContent));
        await Send.NoContentAsync(cancellationToken);
    }
}
