using MailHub.Routing.Presence;
using MailHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace MailHub.Routing.Tests;

/// <summary>
/// An agent's load is their grain's memory, and the database is its truth: when the silo holding the grain stops, the
/// next activation counts the agent's open conversations again. A cluster of its own, since the test takes a silo away.
/// </summary>
public sealed class AgentLoadMoveTests(GrainCluster cluster) : IClassFixture<GrainCluster>
{
    [Fact]
    public async Task After_the_silo_holding_a_full_agents_grain_stops_the_agent_gets_no_more_until_a_close_frees_a_place()
    {
        var desk = new GrainDesk(cluster);
        var (team, agents) = await desk.AddTeamAsync(agents: 1, capacity: 3);
        await desk.AddRuleAsync(team);
        var agent = agents[0];
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
            ids.Add(await desk.ArriveAsync(i % GrainCluster.Silos, i));
        var management = cluster.GrainsOf(0).GetGrain<IManagementGrain>(0);
        var grain = cluster.GrainsOf(0).GetGrain<IAgentLoadGrain>(agent);
        var home = await management.GetActivationAddress(grain);
        Assert.NotNull(home);

        await cluster.Cluster.StopSiloAsync(cluster.Cluster.Silos.Single(s => s.SiloAddress.Equals(home)));

        var survivor = cluster.Cluster.GetSiloServiceProvider(cluster.Cluster.Silos[0].SiloAddress);
        var grains = survivor.GetRequiredService<IGrainFactory>();
        for (var i = 3; i < 6; i++)
        {
            var id = Guid.CreateVersion7();
            await grains.GetGrain<Conversations.Contracts.IConversationGrain>(id).RouteAsync(GrainDesk.Arrival(desk.MailboxId, i));
            ids.Add(id);
        }
        Assert.NotEqual(home, await survivor.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).GetActivationAddress(grain));
        Assert.Equal(3, (await grains.GetGrain<IAgentLoadGrain>(agent).GetLoadAsync()).Open);
        Assert.Equal(3, await desk.OpenOfAsync(agent));

        await survivor.GetRequiredService<Assignment.AssignmentEngine>().OnClosedAsync(ids[0], CancellationToken.None);

        Assert.Equal(agent, await desk.AgentOfAsync(ids[3]));
        Assert.Null(await desk.AgentOfAsync(ids[4]));
        Assert.Equal(3, await desk.OpenOfAsync(agent));
        Assert.Equal(3, (await grains.GetGrain<IAgentLoadGrain>(agent).GetLoadAsync()).Open);
    }
}
