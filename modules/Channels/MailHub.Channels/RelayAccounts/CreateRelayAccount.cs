using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http;
using Role = MailHub.Core.Accounts.Roles;

namespace MailHub.Channels.RelayAccounts;

/// <summary>The SMTP AUTH user name and password of a new relay account.</summary>
internal sealed record RelayAccountRequest(string UserName, string Password);

internal sealed class RelayAccountRequestValidator : Validator<RelayAccountRequest>
{
    public RelayAccountRequestValidator()
    {
        RuleFor(r => r.UserName).NotEmpty().WithMessage("Give the user name the relay logs in with.")
            .MaximumLength(200).WithMessage("userName is at most 200 characters.");
        RuleFor(r => r.Password).NotEmpty().WithMessage("Give the password the relay logs in with.")
            .Length(8, 1000).WithMessage("password is 8 to 1000 characters.");
    }
}

/// <summary>The relay account created.</summary>
internal sealed record RelayAccountCreated(string UserName);

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
            s.Description = "The password is stored hashed. Answers 201 with the user name; 409 when the account exists (delete it first to "
                + "set a new password).";
        });
    }

    public override async Task HandleAsync(RelayAccountRequest request, CancellationToken cancellationToken)
    {
        if (!await store.CreateAsync(request.UserName, request.Password, cancellationToken))
        {
            await Send.ResultAsync(Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Relay account exists",
                detail: $"There is already a relay account '{request.UserName}': delete it first to set a new password."));
            return;
        }
        HttpContext.Response.Headers.Location = $"/api/channels/relay-accounts/{Uri.EscapeDataString(request.UserName)}";
        await Send.ResponseAsync(new RelayAccountCreated(request.UserName), StatusCodes.Status201Created, cancellationToken);
    }
}
