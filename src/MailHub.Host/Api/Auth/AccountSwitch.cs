using FastEndpoints;
using MailHub.Core.Accounts;
using MailHub.Core.Http;

namespace MailHub.Host.Api.Auth;

/// <summary>
/// POST /api/accounts/{id}/{verb}: an admin disables or enables an account (<see cref="DisableAccount"/>,
/// <see cref="EnableAccount"/>); never their own, so the last admin cannot lock everyone out.
/// </summary>
internal abstract class AccountSwitch(AccountStore accounts, string verb, bool disabled, string summary) : Endpoint<AccountRequest>
{
    public override void Configure()
    {
        Post($"/accounts/{{id:guid}}/{verb}");
        Roles(MailHub.Core.Accounts.Roles.Admin);
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK).Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status403Forbidden));
        Summary(s =>
        {
            s.Summary = summary;
            s.Description = "Answers 204; 404 for an unknown account; 403 for your own account (another admin must do it).";
        });
    }

    public override async Task HandleAsync(AccountRequest request, CancellationToken cancellationToken)
    {
        if (request.Id == User.AccountId())
            await Send.ResultAsync(Problems.Forbidden($"You cannot {verb} your own account: ask another administrator."));
        else if (!await accounts.SetDisabledAsync(request.Id, disabled, cancellationToken))
            await Send.ResultAsync(Problems.NotFound("account", request.Id));
        else
            await Send.NoContentAsync(cancellationToken);
    }
}
