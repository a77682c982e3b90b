using MailHub.Conversations.Contracts;
using MailHub.Routing.Contracts;
using MailHub.Routing.Presence;
using MailHub.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace MailHub.Routing.Tests;

/// <summary>
/// Routing's moves on an Orleans TestCluster of three silos and one PostgreSQL: every change of who has a conversation,
/// by hand or by routing itself, is a turn of the conversation's grain, and agents' places are counted by their grains.
/// </summary>
public sealed class AssignmentGrainTests(GrainCluster cluster) : IClassFixture<GrainCluster>
{
    [Fact]
    public async Task Moves_by_hand_and_by_routing_on_one_conversation_at_once_from_three_nodes_all_land_one_after_another()
    {
        var desk = new GrainDesk(cluster);
        var (team, agents) = await desk.AddTeamAsync(agents: 3, capacity: 50);
        await desk.AddRuleAsync(team);
        var conversation = await desk.ArriveAsync(silo: 0);
        var admin = Guid.NewGuid();

        // Transfers by hand to each agent and to the team, and routing's own moves: hand-backs, drains, closing, reopening.
        // Whether each changed something: a move with nothing to do (closing a closed conversation, handing back one the
        // agent no longer has, transferring one that is closed) ends its transaction with a rollback of its own.
        async Task<bool> MoveAsync(int i, IConversationGrain grain) => (i % 6) switch
        {
            0 => (await grain.AssignAsync(new AssignCommand(null, agents[i % 3], admin, "Admin", null, AssignmentKind.Transfer, null))).Status
                == AssignStatus.Done,
            1 => (await grain.AssignAsync(new AssignCommand(team, null, admin, "Admin", null, AssignmentKind.Manual, null))).Status
                == AssignStatus.Done,
            2 => (await grain.RouteAsync(new HandBack(agents[i % 3]))).Status == RoutingStatus.Moved,
            3 => (await grain.RouteAsync(new TakeFromQueue(team))).Status == RoutingStatus.Moved,
            4 => (await grain.RouteAsync(new RouteOnClose())).Status == RoutingStatus.Moved,
            _ => (await grain.RouteAsync(new RouteOnReopen())).Status == RoutingStatus.Moved,
        };
        var rollbacksBefore = await cluster.RollbacksAsync();
        var start = new TaskCompletionSource();
        var calls = Enumerable.Range(0, 60).Select(i => Task.Run(async () =>
        {
            var grain = cluster.GrainsOf(i % GrainCluster.Silos).GetGrain<IConversationGrain>(conversation);
            await start.Task;
            return await MoveAsync(i, grain);
        })).ToList();
        start.SetResult();
        var changed = await Task.WhenAll(calls);

        // One writer: the only rollbacks are the moves that had nothing to do; none lost a race for the row (a deadlock,
        // or a version conflict when a change skipped the lock, would roll back too).
        Assert.Contains(true, changed);
        Assert.Equal(rollbacksBefore + changed.Count(c => !c), await cluster.RollbacksAsync());
        // The assignment row and its stream agree, version for version.
        var events = await cluster.ServicesOf(1).GetRequiredService<IDocumentStore>().ReadStreamAsync(RoutingEvents.StreamOf(conversation));
        Assert.Equal(Enumerable.Range(1, events.Count).Select(v => (long)v), events.Select(e => e.Version));
        Assert.Equal(events.Count, await desk.ScalarAsync<long>("SELECT version FROM routing.assignments WHERE conversation_id = $1", conversation));
        Assert.Equal(await desk.AgentOfAsync(conversation), Assert.IsType<ConversationAssigned>(events[^1].Data).AgentId);
        // Each agent's grain counts exactly what the database says they have open.
        foreach (var agent in agents)
            Assert.Equal(await desk.OpenOfAsync(agent), await desk.LoadOfAsync(agent, silo: 2));
    }

    [Fact]
    public async Task An_agent_in_two_teams_is_never_filled_past_capacity_by_both_teams_arrivals_at_once_on_three_nodes()
    {
        var (first, second) = (new GrainDesk(cluster), new GrainDesk(cluster));
        var (firstTeam, firstAgents) = await first.AddTeamAsync(agents: 1, capacity: 3);
        var (secondTeam, secondAgents) = await second.AddTeamAsync(agents: 1, capacity: 3);
        var shared = await first.AddAgentAsync(3, firstTeam, secondTeam);
        await first.AddRuleAsync(firstTeam);
        await second.AddRuleAsync(secondTeam);

        var start = new TaskCompletionSource();
        var arrivals = Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await (i % 2 == 0 ? first : second).ArriveAsync(i % GrainCluster.Silos, i);
        })).ToList();
        start.SetResult();
        var ids = await Task.WhenAll(arrivals);

        foreach (var agent in new[] { firstAgents[0], secondAgents[0], shared })
        {
            Assert.Equal(3, await first.OpenOfAsync(agent));
            Assert.Equal(3, await first.LoadOfAsync(agent, silo: 1));
        }
        Assert.Equal(40 - 9, await first.ScalarAsync<long>(
            "SELECT count(*) FROM routing.assignments WHERE conversation_id = ANY($1) AND agent_id IS NULL AND team_id IS NOT NULL", ids));
    }

    [Fact]
    public async Task A_close_gives_the_agent_a_place_that_the_oldest_queued_conversation_takes_and_a_transfer_away_frees_one_too()
    {
        var desk = new GrainDesk(cluster);
        var (team, agents) = await desk.AddTeamAsync(agents: 1, capacity: 2);
        var other = await desk.AddAgentAsync(10);
        await desk.AddRuleAsync(team);
        var agent = agents[0];
        var ids = new List<Guid>();
        for (var i = 0; i < 4; i++)
            ids.Add(await desk.ArriveAsync(i % GrainCluster.Silos, i));
        Assert.Equal([agent, agent, null, null], await Task.WhenAll(ids.Select(desk.AgentOfAsync)));

        var engine = cluster.ServicesOf(1).GetRequiredService<Assignment.AssignmentEngine>();
        await engine.OnClosedAsync(ids[0], CancellationToken.None);
        Assert.Equal(agent, await desk.AgentOfAsync(ids[2]));

        await engine.AssignAsync(ids[1], null, other, Guid.NewGuid(), "Admin", "yours", AssignmentKind.Transfer, null, CancellationToken.None);
        Assert.Equal(agent, await desk.AgentOfAsync(ids[3]));
        Assert.Equal(2, await desk.OpenOfAsync(agent));
        Assert.Equal(2, await desk.LoadOfAsync(agent));
        Assert.Equal(1, await desk.LoadOfAsync(other));
    }
}
