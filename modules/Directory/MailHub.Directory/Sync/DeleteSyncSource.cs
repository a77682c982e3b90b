using FastEndpoints;
using Microsoft.AspNetCore.Http;

namespace MailHub.People.Sync;

/// <summary>DELETE /api/directory/sync-sources/{name} (admins).</summary>
internal sealed class DeleteSyncSource(SyncSourceStore sources) : Endpoint<SyncSourceRequest>
{
    public override void Configure()
    {
        Delete("/directory/sync-sources/{name}");
        Roles(MailHub.Core.Accounts.Roles.Admin);
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK).Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "Remove a source (admins).";
            s.Description = "Its token stops working at once. The members and departments it pushed stay as they are, still marked "
                + "with the source's name. 404 when there is no such source.";
        });
    }

    public override async Task HandleAsync(SyncSourceRequest request, CancellationToken cancellationToken)
    {
        if (await sources.DeleteAsync(request.Name, cancellationToken))
            await Send.NoContentAsync(cancellationToken);
        else
            await Send.ResultAsync(Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No source '{request.Name}'",
                detail: "List the sources at GET /api/directory/sync-sources."));
    }
}
