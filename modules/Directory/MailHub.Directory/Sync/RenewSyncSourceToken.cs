using FastEndpoints;
using Microsoft.AspNetCore.Http;

namespace MailHub.People.Sync;

internal sealed record SyncSourceRequest([property: RouteParam] string Name);

/// <summary>POST /api/directory/sync-sources/{name}/token (admins).</summary>
internal sealed class RenewSyncSourceToken(SyncSourceStore sources) : Endpoint<SyncSourceRequest, SyncSourceTokenResponse>
{
    public override void Configure()
    {
        Post("/directory/sync-sources/{name}/token");
        Roles(MailHub.Core.Accounts.Roles.Admin);
        Description(d => d.ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "Give a source a new token (admins).";
            s.Description = "The old token stops working at once; the new one is shown this once. 404 when there is no such source.";
        });
    }

    public override async Task HandleAsync(SyncSourceRequest request, CancellationToken cancellationToken)
    {
        if (await sources.RenewTokenAsync(request.Name, cancellationToken) is { } token)
            await Send.OkAsync(new SyncSourceTokenResponse(request.Name, token), cancellationToken);
        else
            await Send.ResultAsync(Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No source '{request.Name}'",
                detail: "List the sources at GET /api/directory/sync-sources."));
    }
}
