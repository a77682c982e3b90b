using MailHub.Core.Cluster;
using MailHub.Core.Database;
using MailHub.Core.EventSourcing;
using MailHub.Core.Live;
using MailHub.Core.Security;
using MailHub.Host.Api;

namespace MailHub.Host;

/// <summary>Everything the host registers: the database, the cluster, live updates, keys, the event store, the API and every module.</summary>
internal static class MailHubServices
{
    public static async Task AddMailHubAsync(this WebApplicationBuilder builder)
    {
        await builder.AddMailHubDatabaseAsync();
        builder.AddMailHubCluster();
        builder.AddMailHubLive();
        builder.Services.AddMailHubSecurity();
        builder.Services.AddMailHubEventStore();
        builder.AddMailHubApi(MailHubModules.All);
        foreach (var module in MailHubModules.All)
            module.AddServices(builder.Services, builder.Configuration);
    }
}
