using FastEndpoints;
using MailHub.Core.Accounts;
using MailHub.Core.Http;

namespace MailHub.Host.Api.Auth;

/// <summary>POST /api/accounts/{id}/disable.</summary>
internal sealed class DisableAccount(AccountStore accounts) : Endpoint<AccountRequest>
{
    public override void Configure()
    {
        Post("/accounts/{id:guid}/disable");
        Roles(MailHub.Core.Accounts.Roles.Admin);
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK).Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status403Forbidden));
        Summary(s =>
        {
            s.Summary = "Disable an account (admins): it cannot sign in, and every session it had is signed out on every node.";
            s.Description = "Answers 204; 404 for an unknown account; 403 for your own account (another admin must do it).";
        });
    }

    public override async Task HandleAsync(AccountRequest request, CancellationToken cancellationToken)
    {
        if (request.Id == User.AccountId())
            await Send.ResultAsync(Problems.Forbidden("You cannot disable your own account: ask another administrator."));
        else if (!await accounts.SetDisabledAsync(request.Id, disabled: true, cancellationToken))
            await Send.ResultAsync(Problems.NotFound("account", request.Id));
        else
            await Send.NoContentAsync(cancellationToken);
    }
}
