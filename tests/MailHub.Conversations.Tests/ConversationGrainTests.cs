using MailHub.Conversations.Contracts;
using MailHub.Conversations.Domain;
using MailHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace MailHub.Conversations.Tests;

/// <summary>
/// The conversation's grain on an Orleans TestCluster of three silos and one PostgreSQL: agents on every node acting
/// on one conversation at once reach one activation, which runs their commands one after another.
/// </summary>
public sealed class ConversationGrainTests(GrainCluster cluster) : IClassFixture<GrainCluster>
{
    [Fact]
    public async Task Fifty_agents_on_three_nodes_acting_at_once_all_land_in_one_order_through_one_activation_without_a_lost_race()
    {
        var id = await ConversationGrainCluster.OpenAsync(cluster.ServicesOf(0));
        var rollbacksBefore = await cluster.RollbacksAsync();
        var agents = Enumerable.Range(0, 50).Select(i => new Actor(Guid.NewGuid(), $"Agent {i}", IsAdmin: false)).ToList();

        // 45 notes and 5 closings, from the three nodes at once.
        var start = new TaskCompletionSource();
        var calls = agents.Select((agent, i) => Task.Run(async () =>
        {
            var grain = cluster.GrainsOf(i % GrainCluster.Silos).GetGrain<IConversationCommandsGrain>(id);
            await start.Task;
            return i % 10 == 9 ? (object)await grain.SetStatusAsync(ConversationStatus.Closed, agent) : await grain.AddNoteAsync($"note of {agent.Name}", agent);
        })).ToList();
        start.SetResult();
        var results = await Task.WhenAll(calls);

        // Every note landed once, the conversation closed once: the opening, 45 notes, one closing.
        var conversation = await cluster.ServicesOf(1).GetRequiredService<ConversationWriter>().LoadAsync(id, CancellationToken.None);
        Assert.Equal(47, conversation.Version);
        Assert.Equal(ConversationStatus.Closed, conversation.Status);
        var notes = await ConversationGrainCluster.NotesAsync(cluster, id);
        Assert.Equal(results.OfType<Guid>().Order(), notes.Select(n => n.Id).Order());
        Assert.Equal(agents.Where((_, i) => i % 10 != 9).Select(a => $"note of {a.Name}").Order(), notes.Select(n => n.Text).Order());
        Assert.All(results.OfType<string>(), status => Assert.Equal(ConversationStatus.Closed, status));

        // Taking turns, no command lost a race for the stream's version and ran again.
        Assert.Equal(rollbacksBefore, await cluster.RollbacksAsync());

        // One activation in the cluster served the three nodes.
        var management = cluster.GrainsOf(2).GetGrain<IManagementGrain>(0);
        var grainId = cluster.GrainsOf(0).GetGrain<IConversationGrain>(id).GetGrainId();
        var activations = (await management.GetDetailedGrainStatistics()).Where(s => s.GrainId == grainId).ToList();
        Assert.Single(activations);
    }

    [Fact]
    public async Task The_contracts_grain_and_the_modules_commands_are_one_activation()
    {
        var id = await ConversationGrainCluster.OpenAsync(cluster.ServicesOf(0));
        var commands = cluster.GrainsOf(0).GetGrain<IConversationCommandsGrain>(id);
        var contracts = cluster.GrainsOf(1).GetGrain<IConversationGrain>(id);

        Assert.Equal(commands.GetGrainId(), contracts.GetGrainId());
        // Routing has not seen this conversation (its subscription does not run here): the grain answers for it all the same.
        var outcome = await contracts.AssignAsync(new MailHub.Routing.Contracts.AssignCommand(null, Guid.NewGuid(), Guid.NewGuid(), "admin", null,
            MailHub.Routing.Contracts.AssignmentKind.Manual, null));
        Assert.Equal(MailHub.Routing.Contracts.AssignStatus.NotFound, outcome.Status);
    }

    [Fact]
    public async Task A_command_on_a_conversation_that_does_not_exist_says_so()
    {
        var grain = cluster.GrainsOf(1).GetGrain<IConversationCommandsGrain>(Guid.NewGuid());

        await Assert.ThrowsAsync<ConversationNotFoundException>(() => grain.AddNoteAsync("hello", new Actor(Guid.NewGuid(), "Agent", false)));
    }
}
