using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace MailHub.Core.Live;

public static class LiveRegistration
{
    /// <summary>
    /// Live updates across the cluster through grains: this node's <see cref="LiveNode"/> and <see cref="LivePublisher"/>.
    /// Call after the Orleans silo is added, so the node subscribes once the silo runs.
    /// </summary>
    public static IHostApplicationBuilder AddMailHubLive(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<LiveOptions>(builder.Configuration.GetSection(LiveOptions.Section));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<LiveNode>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<LiveNode>());
        builder.Services.AddSingleton<LivePublisher>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<LivePublisher>());
        return builder;
    }
}
