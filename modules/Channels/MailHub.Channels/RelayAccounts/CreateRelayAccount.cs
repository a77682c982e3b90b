using System.Security.Cryptography;
using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http;
using Role = MailHub.Core.Accounts.Roles;

namespace MailHub.Channels.RelayAccounts;

/// <summary>The SMTP AUTH user name and password of a new relay account.</summary>
/// <param name="Password">Left out, MailHub makes one (24 random letters and digits) and answers it once.</param>
internal sealed record RelayAccountRequest(string UserName, string? Password);

internal sealed class RelayAccountRequestValidator : Validator<RelayAccountRequest>
{
    public RelayAccountRequestValidator()
    {
        RuleFor(r => r.UserName).NotEmpty().WithMessage("Give the user name the relay logs in with.")
            .MaximumLength(200).WithMessage("userName is at most 200 characters.");
        RuleFor(r => r.Password).Length(8, 1000).WithMessage("password is 8 to 1000 characters.")
            .When(r => r.Password is not null);
    }
}

/// <summary>The relay account created.</summary>
/// <param name="Password">The password MailHub made, when the request had none: shown this once, stored only hashed.</param>
internal sealed record RelayAccountCreated(string UserName, string? Password = null);

/// <summary>POST /api/channels/relay-accounts.</summary>
internal sealed class CreateRelayAccount(RelayAccountStore store) : Endpoint<RelayAccountRequest, RelayAccountCreated>
{
    public override void Configure()
    {
        Post("/channels/relay-accounts");
        Roles(Role.Admin);
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK).Produces<RelayAccountCreated>(StatusCodes.Status201Created, "application/json")
            .ProducesProblem(StatusCodes.Status409Conflict));
        Summary(s =>
        {
            s.Summary = "Create an SMTP AUTH account for a relay or a QA pipeline.";
            s.Description = "The password is stored hashed. Without a password MailHub makes one and answers it, this once. Answers 201 "
                + "with the user name (and the made password); 409 when the account exists (delete it first to set a new password).";
        });
    }

    public override async Task HandleAsync(RelayAccountRequest request, CancellationToken cancellationToken)
    {
        var made = request.Password is null ? RandomNumberGenerator.GetString(PasswordAlphabet, 24) : null;
        if (!await store.CreateAsync(request.UserName, request.Password ?? made!, cancellationToken))
        {
            await Send.ResultAsync(Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Relay account exists",
                detail: $"There is already a relay account '{request.UserName}': delete it first to set a new password."));
            return;
        }
        HttpContext.Response.Headers.Location = $"/api/channels/relay-accounts/{Uri.EscapeDataString(request.UserName)}";
        await Send.ResponseAsync(new RelayAccountCreated(request.UserName, made), StatusCodes.Status201Created, cancellationToken);
    }

    // Letters and digits only, without the look-alikes (0/O, 1/l/I): read off a screen into a relay's configuration.
    // 24 of 56 symbols are about 139 bits.
    private const string PasswordAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
}
