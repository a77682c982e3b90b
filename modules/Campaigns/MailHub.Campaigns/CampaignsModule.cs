using MailHub.Campaigns.Audiences;
using MailHub.Campaigns.Campaigns;
using MailHub.Campaigns.Content;
using MailHub.Campaigns.Sending;
using MailHub.Campaigns.Tracking;
using MailHub.Campaigns.Unsubscribe;
using MailHub.Channels.Contracts;
using MailHub.Core.EventSourcing;
using MailHub.Campaigns.Contracts;
using MailHub.Campaigns.Suppressions;
using MailHub.Core.Database;
using MailHub.Core.Modules;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MailHub.Campaigns;

/// <summary>Campaigns (EDM): audiences, the suppression list, campaigns with merge fields, paced sending, one-click unsubscribe.</summary>
public sealed class CampaignsModule : IMailHubModule
{
    public string Schema => "campaigns";

    public IReadOnlyList<Migration> Migrations { get; } = Migration.FromEmbeddedScripts(typeof(CampaignsModule).Assembly);

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<CampaignsOptions>(configuration.GetSection(CampaignsOptions.Section));
        services.AddSingleton<AudienceStore>();
        services.AddSingleton<SuppressionStore>();
        services.AddSingleton<ISuppressionList>(provider => provider.GetRequiredService<SuppressionStore>());
        services.AddSingleton<CampaignStore>();
        services.AddSingleton<PublicUrl>();
        services.AddSingleton<UnsubscribeTokens>();
        services.AddSingleton<Unsubscribing>();
        services.AddSingleton<PacePresets>();
        services.AddSingleton<CampaignSender>();
        services.AddHostedService<CampaignSupervisor>();
        services.AddSingleton<IOutboxObserver, ReplyPaceObserver>();
        services.AddEventSubscription<OutcomeHandler>(OutcomeHandler.SubscriptionName, OutcomeHandler.HandledTypes);
        services.AddEventSubscription<BounceHandler>(BounceHandler.SubscriptionName, BounceHandler.HandledTypes);
        services.AddEventSubscription<FeedbackHandler>(FeedbackHandler.SubscriptionName, FeedbackHandler.HandledTypes);
        services.AddSingleton<TrackingTokens>();
    }

    public void MapEndpoints(IEndpointRouteBuilder api)
    {
        // Campaigns' HTTP endpoints are FastEndpoints endpoints in its feature folders, found by the host.
    }
}
