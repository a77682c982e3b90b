using FastEndpoints;
using Microsoft.AspNetCore.Http;
using Role = MailHub.Core.Accounts.Roles;

namespace MailHub.Channels.RelayAccounts;

/// <summary>A relay account named by its user name in the route.</summary>
internal sealed record RelayAccountNameRequest
{
    [RouteParam]
    public string UserName { get; init; } = "";
}

/// <summary>DELETE /api/channels/relay-accounts/{userName}.</summary>
internal sealed class DeleteRelayAccount(RelayAccountStore store) : Endpoint<RelayAccountNameRequest>
{
    public override void Configure()
    {
        Delete("/channels/relay-accounts/{userName}");
        Roles(Role.Admin);
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK).Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "Delete a relay account.";
            s.Description = "Its next SMTP AUTH fails. Answers 204; 404 when there is no such account (accounts from "
                + "MailHub:Smtp:RelayAccounts are changed in configuration).";
        });
    }

    public override async Task HandleAsync(RelayAccountNameRequest request, CancellationToken cancellationToken)
    {
        if (await store.DeleteAsync(request.UserName, cancellationToken))
            await Send.NoContentAsync(cancellationToken);
        else
            await Send.ResultAsync(Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such relay account",
                detail: $"There is no relay account '{request.UserName}' (accounts from MailHub:Smtp:RelayAccounts are changed in configuration)."));
    }
}
