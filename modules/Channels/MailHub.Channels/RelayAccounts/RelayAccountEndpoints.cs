using System.ComponentModel.DataAnnotations;
using MailHub.Core.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MailHub.Channels.RelayAccounts;

/// <summary>/api/channels/relay-accounts: SMTP AUTH users for relays and QA, admins only.</summary>
internal static class RelayAccountEndpoints
{
    public sealed record CreateRelayAccount(
        [property: Required, StringLength(200, MinimumLength = 1)] string UserName,
        [property: Required, StringLength(1000, MinimumLength = 8)] string Password);

    public static void MapRelayAccountEndpoints(this IEndpointRouteBuilder api)
    {
        var accounts = api.MapGroup("/channels/relay-accounts")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Admin))
            .WithTags("Channels");

        accounts.MapPost("/", async (CreateRelayAccount request, RelayAccountStore store, CancellationToken cancellationToken) =>
        {
            if (!await store.CreateAsync(request.UserName, request.Password, cancellationToken))
            {
                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Relay account exists",
                    detail: $"There is already a relay account '{request.UserName}': delete it first to set a new password.");
            }
            return Results.Created($"/api/channels/relay-accounts/{Uri.EscapeDataString(request.UserName)}", new { userName = request.UserName });
        })
        .WithSummary("Create an SMTP AUTH account for a relay or a QA pipeline (the password is stored hashed).");

        accounts.MapGet("/", async (RelayAccountStore store, CancellationToken cancellationToken) =>
            (await store.ListAsync(cancellationToken)).Select(a => new { userName = a.UserName, createdAt = a.CreatedAt }))
        .WithSummary("The relay accounts created through the API (those in configuration are not listed).");

        accounts.MapDelete("/{userName}", async (string userName, RelayAccountStore store, CancellationToken cancellationToken) =>
            await store.DeleteAsync(userName, cancellationToken)
                ? Results.NoContent()
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such relay account",
                    detail: $"There is no relay account '{userName}' (accounts from MailHub:Smtp:RelayAccounts are changed in configuration)."))
        .WithSummary("Delete a relay account; its next AUTH fails.");
    }
}
