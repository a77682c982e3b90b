using MailHub.Core.Database;
using MailHub.Core.EventSourcing;
using MailHub.Core.Modules;
using MailHub.Routing.Access;
using MailHub.Routing.Assignment;
using MailHub.Routing.Contracts;
using MailHub.Routing.Notifications;
using MailHub.Routing.Presence;
using MailHub.Routing.Rules;
using MailHub.Routing.Teams;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MailHub.Routing;

/// <summary>Routing: assignment rules, team queues, agent presence and capacity, transfer, who may see what.</summary>
public sealed class RoutingModule : IMailHubModule
{
    public string Schema => "routing";

    public IReadOnlyList<Migration> Migrations { get; } = Migration.FromEmbeddedScripts(typeof(RoutingModule).Assembly);

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RoutingOptions>(configuration.GetSection(RoutingOptions.Section));
        services.AddSingleton<RuleStore>();
        services.AddSingleton<TeamSettingsStore>();
        services.AddSingleton<PresenceStore>();
        services.AddHostedService<PresenceSupervisor>();
        services.AddSingleton<AgentPicker>();
        services.AddSingleton<AssignmentEngine>();
        services.AddSingleton<IConversationAssignment>(provider => provider.GetRequiredService<AssignmentEngine>());
        services.AddSingleton<IConversationHandOver>(provider => provider.GetRequiredService<AssignmentEngine>());
        services.AddSingleton<AgentNotificationHub>();
        services.AddHostedService(provider => provider.GetRequiredService<AgentNotificationHub>());
        services.AddSingleton<IAgentNotifications>(provider => provider.GetRequiredService<AgentNotificationHub>());
        services.AddSingleton<IConversationAccess, ConversationAccess>();
        services.AddEventType<ConversationAssigned>(RoutingEvents.Assigned);
        services.AddEventSubscription<ConversationLifecycleHandler>(ConversationLifecycleHandler.SubscriptionName,
            ConversationLifecycleHandler.HandledTypes);
    }

    public void MapEndpoints(IEndpointRouteBuilder api)
    {
        // Routing's HTTP endpoints are FastEndpoints endpoints (Rules/, Presence/, Assignment/), found by the host.
    }
}
