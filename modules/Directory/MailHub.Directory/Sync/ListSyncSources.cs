using FastEndpoints;

namespace MailHub.People.Sync;

/// <summary>GET /api/directory/sync-sources (admins).</summary>
internal sealed class ListSyncSources(SyncSourceStore sources) : EndpointWithoutRequest<IReadOnlyList<SyncSourceResponse>>
{
    public override void Configure()
    {
        Get("/directory/sync-sources");
        Roles(MailHub.Core.Accounts.Roles.Admin);
        Summary(s =>
        {
            s.Summary = "The sources that push the directory, with their last push (admins).";
            s.Description = "By name; lastRun is null before the first push, else when it ran, its mode and its member counts.";
        });
    }

    public override async Task HandleAsync(CancellationToken cancellationToken) =>
        await Send.OkAsync((await sources.ListAsync(cancellationToken)).Select(SyncSourceResponse.Of).ToList(), cancellationToken);
}
