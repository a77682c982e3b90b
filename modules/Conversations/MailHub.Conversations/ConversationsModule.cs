using MailHub.Conversations.Api;
using MailHub.Conversations.Api.History;
using MailHub.Conversations.Snooze;
using MailHub.Conversations.Api.Messages;
using MailHub.Conversations.Domain;
using MailHub.Conversations.Live;
using MailHub.Conversations.Notes;
using MailHub.Conversations.ReadModel;
using MailHub.Conversations.RemoteImages;
using MailHub.Conversations.Reading;
using MailHub.Conversations.Replies;
using MailHub.Conversations.Threading;
using MailHub.Core.Database;
using MailHub.Core.EventSourcing;
using MailHub.Core.Live;
using MailHub.Core.Modules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MailHub.Conversations;

/// <summary>Conversations: threading of inbound mail, lifecycle, replies through the outbox, lists and search, live updates.</summary>
public sealed class ConversationsModule : IMailHubModule
{
    public string Schema => "conversations";

    public IReadOnlyList<Migration> Migrations { get; } = Migration.FromEmbeddedScripts(typeof(ConversationsModule).Assembly);

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ConversationsOptions>(configuration.GetSection(ConversationsOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ConversationWriter>();
        services.AddSingleton<ConversationQueries>();
        services.AddSingleton<ReadModelRebuild>();
        services.AddSingleton<ConversationCommands>();
        services.AddSingleton<NoteMentions>();
        services.AddSingleton<BouncedReplies>();
        services.AddSingleton<ThreadLookup>();
        services.AddSingleton<UploadStore>();
        services.AddSingleton<TemplateStore>();
        services.AddSingleton<Api.Templates.TemplateAccess>();
        services.AddScoped<InboundThreading>();
        services.AddScoped<ReplyComposer>();
        services.AddScoped<ReplyUndo>();
        services.AddSingleton<DraftStore>();
        services.AddSingleton<SignatureStore>();
        services.AddScoped<ConversationAccessGuard>();
        services.AddScoped<MessageContent>();
        services.AddSingleton<RemoteImageFetcher>();
        services.AddSingleton<Consoles>();
        services.AddSingleton<HubConnections>();
        services.AddHostedService<ConsoleRenewal>();
        services.AddSingleton<SnoozeAlarm>();
        services.AddHostedService(sp => sp.GetRequiredService<SnoozeAlarm>());
        services.AddSingleton<INodeSignal>(sp => sp.GetRequiredService<SnoozeAlarm>());
        services.AddSingleton<ConversationHistory>();
        services.AddConversationEventTypes();
        services.AddInlineProjection<ConversationListProjection>(ConversationListProjection.ProjectionName, ConversationListProjection.Table);
        services.AddEventSubscription<ConversationsSubscription>(ConversationsSubscription.Name, ConversationsSubscription.HandledTypes);
    }

    /// <summary>The HTTP endpoints are FastEndpoints endpoints (Api/, Live/StreamLiveEvents); only the SignalR hub is mapped here.</summary>
    public void MapEndpoints(IEndpointRouteBuilder api) => api.MapHub<LiveHub>("/live");
}
