using MailHub.Channels.Addresses;
using MailHub.Channels.Contracts;
using MailHub.Channels.Inbound;
using MailHub.Channels.Mailboxes;
using MailHub.Channels.Outbox;
using MailHub.Channels.Providers;
using MailHub.Channels.Sandbox;
using MailHub.Channels.Sync;
using MailHub.Channels.RelayAccounts;
using MailHub.Channels.Smtp;
using MailHub.Core.Database;
using MailHub.Core.EventSourcing;
using MailHub.Core.Live;
using MailHub.Core.Modules;
using MailHub.Mail.Smtp.Server;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MailHub.Channels;

/// <summary>
/// Channels: how mail gets in and out. Today the embedded SMTP listener and what it received
/// (Smtp/, Inbound/), the addresses MailHub serves (Addresses/) and relay accounts (RelayAccounts/).
/// </summary>
public sealed class ChannelsModule : IMailHubModule
{
    public string Schema => "channels";

    public IReadOnlyList<Migration> Migrations { get; } = Migration.FromEmbeddedScripts(typeof(ChannelsModule).Assembly);

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(SmtpListenerOptions.Section);
        services.Configure<SmtpServerOptions>(section);
        services.Configure<SmtpListenerOptions>(section);
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<ClaimedAddresses>();
        services.AddSingleton<RelayAccountStore>();
        services.AddSingleton<InboundMessages>();
        services.AddSingleton<InboundBatchWriter>();

        // The commit queue is registered before the listener: hosted services stop in reverse order,
        // so the listener stops (and its sessions finish committing) before the queue does.
        services.AddSingleton<InboundCommitQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<InboundCommitQueue>());
        services.AddSingleton(sp =>
        {
            var listener = sp.GetRequiredService<IOptions<SmtpListenerOptions>>().Value;
            var spool = string.IsNullOrWhiteSpace(listener.SpoolDirectory) ? Path.GetTempPath() : Path.GetFullPath(listener.SpoolDirectory);
            return new InboundWriterContext(listener.InMemoryLimit, spool, sp.GetRequiredService<ClaimedAddresses>(),
                sp.GetRequiredService<InboundCommitQueue>());
        });
        services.AddSingleton<InboundMessageStore>();
        services.AddSingleton(sp => new ServedRecipientPolicy(
            sp.GetRequiredService<IOptions<SmtpServerOptions>>().Value.AcceptDomains, sp.GetRequiredService<ClaimedAddresses>()));
        services.AddSingleton(sp => new RelayAccountAuthenticator(
            sp.GetRequiredService<IOptions<SmtpServerOptions>>().Value.RelayAccounts, sp.GetRequiredService<RelayAccountStore>()));
        services.AddSingleton<SmtpRefusals>();
        services.AddSingleton<SmtpListener>();
        services.AddHostedService(sp => sp.GetRequiredService<SmtpListener>());

        services.AddHealthChecks().AddCheck<SmtpListenerHealthCheck>("smtp");

        AddMailboxServices(services, configuration);
    }

    // Mailboxes, their sync, the outbox and the sandbox (Mailboxes/, Sync/, Outbox/, Sandbox/).
    private static void AddMailboxServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SandboxOptions>(configuration.GetSection(SandboxOptions.Section));
        services.Configure<OutboundOptions>(configuration.GetSection(OutboundOptions.Section));
        services.Configure<SyncOptions>(configuration.GetSection(SyncOptions.Section));
        services.AddSingleton<MailboxStore>();
        services.AddSingleton<IMailboxDirectory, MailboxDirectory>();
        services.AddSingleton<IInboundMessages, InboundRawMessages>();
        services.AddSingleton<ConnectionTest>();
        services.AddSingleton<ConnectionTestProgress>();
        services.AddEventType<MessageReceived>(MessageReceived.EventType);
        services.AddEventType<OutboundDelivered>(OutboundDelivered.EventType);
        services.AddEventType<OutboundFailed>(OutboundFailed.EventType);
        services.AddEventSubscription<MailboxVerification>(MailboxVerification.SubscriptionName, typeof(MessageReceived));

        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<SandboxSignal>();
        services.AddSingleton<SandboxStore>();
        services.AddSingleton<INodeSignal, SandboxCaptures>();
        services.AddSingleton<IOutbox, Outbox.Outbox>();
        services.AddSingleton<SmtpDelivery>();
        services.AddSingleton<SentFolder>();
        services.AddHostedService<OutboxWorker>();
        Sandbox.Chaos.ChaosServices.Add(services);

        services.AddSingleton<SyncedMessageStore>();
        services.AddSingleton<SyncSupervisor>();
        services.AddHostedService(sp => sp.GetRequiredService<SyncSupervisor>());
    }

    public void MapEndpoints(IEndpointRouteBuilder api)
    {
        // Every HTTP endpoint of Channels is a FastEndpoints endpoint (Mailboxes/, Inbound/, Sandbox/, RelayAccounts/, Providers/).
    }
}
