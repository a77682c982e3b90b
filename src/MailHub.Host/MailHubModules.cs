using MailHub.Channels;
using MailHub.Core.Modules;

namespace MailHub.Host;

/// <summary>The modules this host runs, in the order their schemas migrate.</summary>
internal static class MailHubModules
{
    public static readonly IReadOnlyList<IMailHubModule> All =
    [
        new ChannelsModule(),
        new MailHub.People.DirectoryModule(),
        new MailHub.Routing.RoutingModule(),
        new MailHub.Conversations.ConversationsModule(),
        new MailHub.Campaigns.CampaignsModule(),
    ];
}
