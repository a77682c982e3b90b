using MailHub.Routing.Assignment;
using MailHub.Routing.Presence;
using MailHub.Routing.Rules;
using MailHub.Testing;

namespace MailHub.Routing.Tests;

/// <summary>
/// A team's queue grain on an Orleans TestCluster of three silos and one PostgreSQL: conversations arriving at once
/// on every node still go round the team in turn, agents without a place are passed over, and the turn outlives the
/// activation.
/// </summary>
public sealed class TeamQueueGrainTests(GrainCluster cluster) : IClassFixture<GrainCluster>
{
    private async Task<List<Guid>> AgentsAsync(int count, int capacity = 100)
    {
        var desk = new GrainDesk(cluster);
        var agents = new List<Guid>();
        for (var i = 0; i < count; i++)
            agents.Add(await desk.AddAgentAsync(capacity));
        return agents.Order().ToList();
    }

    [Fact]
    public async Task A_hundred_arrivals_at_once_on_three_nodes_go_round_five_agents_twenty_times_each()
    {
        var team = Guid.NewGuid();
        var agents = await AgentsAsync(5);

        var start = new TaskCompletionSource();
        var arrivals = Enumerable.Range(0, 100).Select(i => Task.Run(async () =>
        {
            var grain = cluster.GrainsOf(i % GrainCluster.Silos).GetGrain<ITeamQueueGrain>(team);
            await start.Task;
            return await grain.ChooseAsync(Guid.NewGuid(), agents, RoutingStrategy.RoundRobin);
        })).ToList();
        start.SetResult();
        var choices = await Task.WhenAll(arrivals);

        // Two arrivals served on the same turn would give one agent a twenty-first.
        Assert.All(choices, choice => Assert.NotNull(choice));
        Assert.All(choices.CountBy(c => c!.Value), count => Assert.Equal(20, count.Value));
        Assert.Equal(5, choices.Distinct().Count());
    }

    [Fact]
    public async Task The_turn_goes_on_where_it_stopped_after_the_grain_is_deactivated()
    {
        var team = Guid.NewGuid();
        var agents = await AgentsAsync(3);
        var grain = cluster.GrainsOf(0).GetGrain<ITeamQueueGrain>(team);
        Assert.Equal(agents[0], await grain.ChooseAsync(Guid.NewGuid(), agents, RoutingStrategy.RoundRobin));
        Assert.Equal(agents[1], await grain.ChooseAsync(Guid.NewGuid(), agents, RoutingStrategy.RoundRobin));

        await cluster.Cluster.DeactivateAsync(grain);

        var again = cluster.GrainsOf(2).GetGrain<ITeamQueueGrain>(team);
        Assert.Equal(agents[2], await again.ChooseAsync(Guid.NewGuid(), agents, RoutingStrategy.RoundRobin));
        Assert.Equal(agents[0], await again.ChooseAsync(Guid.NewGuid(), agents, RoutingStrategy.RoundRobin));
    }

    [Fact]
    public async Task An_agent_without_room_is_passed_over_and_the_turn_continues_after_whoever_was_served()
    {
        var agents = await AgentsAsync(3);
        var full = agents[1];
        await cluster.GrainsOf(0).GetGrain<Contracts.IAgentGrain>(full).SetPresenceAsync(null, 1);
        var grain = cluster.GrainsOf(1).GetGrain<ITeamQueueGrain>(Guid.NewGuid());

        var choices = new List<Guid?>();
        for (var i = 0; i < 6; i++)
            choices.Add(await grain.ChooseAsync(Guid.NewGuid(), agents, RoutingStrategy.RoundRobin));

        // The second agent takes one, then has no place left.
        Assert.Equal([agents[0], full, agents[2], agents[0], agents[2], agents[0]], choices);
    }

    [Fact]
    public async Task No_agent_is_chosen_when_every_one_is_offline_or_full()
    {
        var agents = await AgentsAsync(2, capacity: 1);
        await cluster.GrainsOf(0).GetGrain<Contracts.IAgentGrain>(agents[0]).SetPresenceAsync(PresenceStore.Away, null);
        var grain = cluster.GrainsOf(2).GetGrain<ITeamQueueGrain>(Guid.NewGuid());

        Assert.Equal(agents[1], await grain.ChooseAsync(Guid.NewGuid(), agents, RoutingStrategy.RoundRobin));
        Assert.Null(await grain.ChooseAsync(Guid.NewGuid(), agents, RoutingStrategy.RoundRobin));
    }

    [Fact]
    public async Task Least_open_chooses_the_agent_with_the_fewest_open_conversations()
    {
        var agents = await AgentsAsync(3);
        foreach (var (agent, open) in agents.Zip([4, 1, 2]))
        {
            for (var i = 0; i < open; i++)
                await cluster.GrainsOf(i % GrainCluster.Silos).GetGrain<IAgentLoadGrain>(agent).HoldAsync(Guid.NewGuid());
        }

        Assert.Equal(agents[1], await cluster.GrainsOf(2).GetGrain<ITeamQueueGrain>(Guid.NewGuid())
            .ChooseAsync(Guid.NewGuid(), agents, RoutingStrategy.LeastOpen));
    }
}
