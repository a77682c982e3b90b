using MailHub.Core.EventSourcing;
using MailHub.Core.Live;
using MailHub.Mail.Smtp.Server;
using Microsoft.Extensions.DependencyInjection;

namespace MailHub.Channels.Sandbox.Chaos;

/// <summary>The sandbox tools' services: failure injection (the shared rules, the listener's faults, the outbox's half, the bounces) retention, ephemeral mailboxes, release, POP3 and webhooks.</summary>
internal static class ChaosServices
{
    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<SandboxChaos>();
        services.AddSingleton<ISmtpFaults>(sp => sp.GetRequiredService<SandboxChaos>());
        services.AddSingleton<INodeSignal, SandboxChaosSignal>();
        services.AddSingleton<SandboxBounces>();
        services.AddHostedService(sp => sp.GetRequiredService<SandboxBounces>());
        services.AddSingleton<OutboundChaos>();
        services.AddSingleton<Retention.SandboxRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<Retention.SandboxRetention>());
        services.AddSingleton<Ephemeral.EphemeralMailboxes>();
        services.AddOptions<Release.ReleaseOptions>().BindConfiguration(Release.ReleaseOptions.Section);
        services.AddSingleton<Pop3.SandboxPop3>();
        services.AddHostedService(sp => sp.GetRequiredService<Pop3.SandboxPop3>());
        services.AddHttpClient(Webhooks.SandboxWebhooks.ClientName);
        services.AddSingleton<Webhooks.SandboxWebhooks>();
        services.AddHostedService(sp => sp.GetRequiredService<Webhooks.SandboxWebhooks>());
        services.AddEventSubscription<Webhooks.SandboxReceivedWebhooks>(Webhooks.SandboxReceivedWebhooks.SubscriptionName, typeof(Contracts.MessageReceived));
    }
}
