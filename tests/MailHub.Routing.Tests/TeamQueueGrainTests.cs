using MailHub.Routing.Assignment;
using MailHub.Routing.Rules;
using MailHub.Testing;

namespace MailHub.Routing.Tests;

/// <summary>
/// A team's queue grain on an Orleans TestCluster of three silos and one PostgreSQL: conversations arriving at once
/// on every node still go round the team in turn, and the turn outlives the activation.
/// </summary>
public sealed class TeamQueueGrainTests(GrainCluster cluster) : IClassFixture<GrainCluster>
{
    private static List<QueueCandidate> Agents(int count) =>
        Enumerable.Range(0, count).Select(_ => new QueueCandidate(Guid.NewGuid(), 0, null)).OrderBy(a => a.AgentId).ToList();

    [Fact]
    public async Task A_hundred_arrivals_at_once_on_three_nodes_go_round_five_agents_twenty_times_each()
    {
        var team = Guid.NewGuid();
        var agents = Agents(5);

        var start = new TaskCompletionSource();
        var arrivals = Enumerable.Range(0, 100).Select(i => Task.Run(async () =>
        {
            var grain = cluster.GrainsOf(i % GrainCluster.Silos).GetGrain<ITeamQueueGrain>(team);
            await start.Task;
            return await grain.ChooseAsync(agents, RoutingStrategy.RoundRobin);
        })).ToList();
        start.SetResult();
        var choices = await Task.WhenAll(arrivals);

        // Two arrivals served on the same turn would give one agent a twenty-first.
        Assert.All(choices.CountBy(c => c), count => Assert.Equal(20, count.Value));
        Assert.Equal(5, choices.Distinct().Count());
    }

    [Fact]
    public async Task The_turn_goes_on_where_it_stopped_after_the_grain_is_deactivated()
    {
        var team = Guid.NewGuid();
        var agents = Agents(3);
        var grain = cluster.GrainsOf(0).GetGrain<ITeamQueueGrain>(team);
        Assert.Equal(agents[0].AgentId, await grain.ChooseAsync(agents, RoutingStrategy.RoundRobin));
        Assert.Equal(agents[1].AgentId, await grain.ChooseAsync(agents, RoutingStrategy.RoundRobin));

        await cluster.Cluster.DeactivateAsync(grain);

        var again = cluster.GrainsOf(2).GetGrain<ITeamQueueGrain>(team);
        Assert.Equal(agents[2].AgentId, await again.ChooseAsync(agents, RoutingStrategy.RoundRobin));
        Assert.Equal(agents[0].AgentId, await again.ChooseAsync(agents, RoutingStrategy.RoundRobin));
    }

    [Fact]
    public async Task An_agent_without_room_is_skipped_and_the_turn_continues_after_whoever_was_served()
    {
        var team = Guid.NewGuid();
        var agents = Agents(3);
        var grain = cluster.GrainsOf(1).GetGrain<ITeamQueueGrain>(team);

        Assert.Equal(agents[0].AgentId, await grain.ChooseAsync(agents, RoutingStrategy.RoundRobin));
        // The second agent is full: the picker leaves them out of the candidates.
        Assert.Equal(agents[2].AgentId, await grain.ChooseAsync([agents[0], agents[2]], RoutingStrategy.RoundRobin));
        Assert.Equal(agents[0].AgentId, await grain.ChooseAsync(agents, RoutingStrategy.RoundRobin));
    }

    [Fact]
    public async Task Least_open_chooses_the_agent_with_the_fewest_open_conversations()
    {
        var agents = Agents(3);
        List<QueueCandidate> loads = [agents[0] with { Open = 4 }, agents[1] with { Open = 1 }, agents[2] with { Open = 2 }];

        Assert.Equal(agents[1].AgentId, await cluster.GrainsOf(2).GetGrain<ITeamQueueGrain>(Guid.NewGuid()).ChooseAsync(loads, RoutingStrategy.LeastOpen));
    }
}
