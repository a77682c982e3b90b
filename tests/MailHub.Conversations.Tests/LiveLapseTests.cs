using MailHub.Core.Live;
using MailHub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MailHub.Conversations.Tests;

/// <summary>A host renewing its live subscriptions every second.</summary>
public sealed class QuickLiveHost : MailHubFactory
{
    public QuickLiveHost() => Settings["MailHub:Live:RefreshInterval"] = "00:00:01";
}

public sealed class LiveLapseTests(QuickLiveHost host) : IClassFixture<QuickLiveHost>
{
    [Fact]
    public async Task When_the_fan_out_grain_dropped_a_nodes_subscription_the_nodes_consoles_are_told_to_resync()
    {
        using var console = await host.CreateClientAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var stream = await ServerSentEvents.OpenAsync(console, "/api/events/stream", timeout.Token);
        await using var live = await LiveConnection.OpenAsync(host, console, timeout.Token);

        // What the grain does to a node that stopped renewing (cut off for three intervals): batches no longer go to it.
        var node = host.Services.GetRequiredService<LiveNode>();
        await host.Services.GetRequiredService<IGrainFactory>().GetGrain<ILiveFanOutGrain>(0).UnsubscribeAsync(node.Reference);

        await stream.WaitForAsync("resync", _ => true, "\"resync\" event after the node's subscription lapsed", timeout.Token);
        await live.WaitForAsync("resync", _ => true, "\"resync\" message after the node's subscription lapsed", timeout.Token);
    }
}
