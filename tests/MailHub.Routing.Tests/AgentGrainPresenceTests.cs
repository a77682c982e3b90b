using MailHub.Core.Live;
using MailHub.Routing.Contracts;
using MailHub.Routing.Presence;
using MailHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace MailHub.Routing.Tests;

/// <summary>Three silos whose agents go offline three seconds after their last console closed; consoles lapse after three seconds.</summary>
public sealed class QuickGraceCluster : GrainCluster
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(3);

    public QuickGraceCluster()
    {
        Settings["MailHub:Routing:OfflineGrace"] = "00:00:03";
        Settings["MailHub:Live:RefreshInterval"] = "00:00:01";
    }
}

/// <summary>
/// An agent's presence outlives the activation of their grain: the offline grace, and the consoles it knew, are in the
/// presence row, so a new activation on another silo (the old one deactivated, or its silo gone) ends the grace when it
/// would have ended. A cluster of its own, since a test takes one of its silos away.
/// </summary>
public sealed class AgentGrainPresenceTests(QuickGraceCluster cluster) : IClassFixture<QuickGraceCluster>
{
    [Fact]
    public async Task A_grace_that_ran_out_while_the_grain_was_deactivated_ends_as_soon_as_a_new_activation_starts()
    {
        var agent = Guid.NewGuid();
        var grain = cluster.GrainsOf(0).GetGrain<IAgentGrain>(agent);
        await grain.ConnectAsync("console-1", Node(0));
        Assert.Equal(PresenceStore.Online, await StatusAsync(agent)); // the first console signs the agent in
        var graceEnds = DateTimeOffset.UtcNow + QuickGraceCluster.Grace;
        await grain.DisconnectAsync("console-1");

        await cluster.Cluster.DeactivateAsync(grain);
        await UntilAsync(graceEnds);
        Assert.Equal(PresenceStore.Online, await StatusAsync(agent)); // no activation, no timer: nothing set it offline

        // What every node's PresenceSupervisor does each interval.
        await cluster.GrainsOf(1).GetGrain<IAgentGrain>(agent).PingAsync();
        Assert.Equal(PresenceStore.Offline, await StatusAsync(agent));
    }

    [Fact]
    public async Task When_the_silo_holding_the_grain_stops_during_the_grace_the_agent_goes_offline_and_signs_in_again_with_the_next_console()
    {
        var agent = Guid.NewGuid();
        var management = cluster.GrainsOf(0).GetGrain<IManagementGrain>(0);
        var grain = cluster.GrainsOf(0).GetGrain<IAgentGrain>(agent);
        await grain.ConnectAsync("console-1", Node(0));
        var home = await management.GetActivationAddress(grain);
        Assert.NotNull(home);
        var graceEnds = DateTimeOffset.UtcNow + QuickGraceCluster.Grace;
        await grain.DisconnectAsync("console-1");

        await cluster.Cluster.StopSiloAsync(cluster.Cluster.Silos.Single(s => s.SiloAddress.Equals(home)));
        await UntilAsync(graceEnds);
        var survivor = cluster.Cluster.Silos[0].SiloAddress;
        var grains = cluster.Cluster.GetSiloServiceProvider(survivor).GetRequiredService<IGrainFactory>();
        await grains.GetGrain<IAgentGrain>(agent).PingAsync();

        Assert.Equal(PresenceStore.Offline, await StatusAsync(agent));
        Assert.NotEqual(home, await grains.GetGrain<IManagementGrain>(0).GetActivationAddress(grain));
        // Back the next day: the first console signs them in again.
        await grains.GetGrain<IAgentGrain>(agent).ConnectAsync("console-2", grains.CreateObjectReference<ILiveNodeObserver>(new SilentNode()));
        Assert.Equal(PresenceStore.Online, await StatusAsync(agent));
    }

    [Fact]
    public async Task Consoles_no_node_renews_after_the_grain_moved_count_as_closed_and_the_agent_goes_offline()
    {
        var agent = Guid.NewGuid();
        var grain = cluster.GrainsOf(0).GetGrain<IAgentGrain>(agent);
        await grain.ConnectAsync("console-1", Node(0));

        // The grain moves with its console open; the console's node never renews it (it died with the grain's).
        await cluster.Cluster.DeactivateAsync(grain);
        await cluster.GrainsOf(1).GetGrain<IAgentGrain>(agent).PingAsync();

        Assert.True(await Eventually.HoldsAsync(async () => await StatusAsync(agent) == PresenceStore.Offline, TimeSpan.FromSeconds(60)),
            "The agent whose consoles nobody renewed stayed online.");
    }

    [Fact]
    public async Task An_agent_who_was_away_when_the_grace_took_them_offline_comes_back_away()
    {
        var agent = Guid.NewGuid();
        var grain = cluster.GrainsOf(1).GetGrain<IAgentGrain>(agent);
        await grain.ConnectAsync("console-1", Node(1));
        await grain.SetPresenceAsync(PresenceStore.Away, null);
        await grain.DisconnectAsync("console-1");
        Assert.True(await Eventually.HoldsAsync(async () => await StatusAsync(agent) == PresenceStore.Offline, TimeSpan.FromSeconds(60)));

        await grain.ConnectAsync("console-2", Node(1));

        Assert.Equal(PresenceStore.Away, await StatusAsync(agent));
    }

    private ILiveNodeObserver Node(int silo) => cluster.GrainsOf(silo).CreateObjectReference<ILiveNodeObserver>(new SilentNode());

    private async Task<string?> StatusAsync(Guid agent)
    {
        await using var command = cluster.Database.CreateCommand("SELECT status FROM routing.agents WHERE agent_id = $1");
        command.Parameters.Add(new() { Value = agent });
        return await command.ExecuteScalarAsync() as string;
    }

    private static async Task UntilAsync(DateTimeOffset moment)
    {
        var left = moment - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200);
        if (left > TimeSpan.Zero)
            await Task.Delay(left);
    }

    /// <summary>A console's node that drops what it is sent: these tests look at presence, not pushes.</summary>
    private sealed class SilentNode : ILiveNodeObserver
    {
        public Task BroadcastAsync(LiveBatch batch) => Task.CompletedTask;

        public Task PushAsync(LivePush push) => Task.CompletedTask;
    }
}
