using FastEndpoints;
using FluentValidation;

namespace MailHub.Host.Api.Auth;

/// <summary>An e-mail and password, for a bearer token (POST /api/auth/token) or the console's cookie (POST /api/auth/sign-in).</summary>
public sealed record SignInRequest(string Email, string Password);

internal sealed class SignInRequestValidator : Validator<SignInRequest>
{
    public SignInRequestValidator()
    {
        RuleFor(r => r.Email).NotEmpty().EmailAddress().MaximumLength(320);
        RuleFor(r => r.Password).NotEmpty().MaximumLength(1024);
    }
}
