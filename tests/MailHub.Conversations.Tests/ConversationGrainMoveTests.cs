using MailHub.Conversations.Contracts;
using MailHub.Conversations.Domain;
using MailHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace MailHub.Conversations.Tests;

/// <summary>
/// The conversation's grain keeps nothing between turns but what its stream holds: when the silo it lives on stops,
/// the next commands activate it on another silo and go on from the stream's version. A cluster of its own, since
/// the test takes one of its silos away.
/// </summary>
public sealed class ConversationGrainMoveTests(GrainCluster cluster) : IClassFixture<GrainCluster>
{
    [Fact]
    public async Task When_its_silo_stops_the_conversation_goes_on_from_another_silo_at_its_version()
    {
        var id = await ConversationGrainCluster.OpenAsync(cluster.ServicesOf(0));
        var agent = new Actor(Guid.NewGuid(), "Wang Fang", IsAdmin: false);
        for (var i = 0; i < 5; i++)
            await cluster.GrainsOf(i % GrainCluster.Silos).GetGrain<IConversationCommandsGrain>(id).AddNoteAsync($"before {i}", agent);
        var management = cluster.GrainsOf(0).GetGrain<IManagementGrain>(0);
        var grain = cluster.GrainsOf(0).GetGrain<IConversationGrain>(id);
        var home = await management.GetActivationAddress(grain);
        Assert.NotNull(home);

        await cluster.Cluster.StopSiloAsync(cluster.Cluster.Silos.Single(s => s.SiloAddress.Equals(home)));

        var survivors = cluster.Cluster.Silos.Select(s => cluster.Cluster.GetSiloServiceProvider(s.SiloAddress).GetRequiredService<IGrainFactory>()).ToList();
        var start = new TaskCompletionSource();
        var notes = Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
        {
            var commands = survivors[i % survivors.Count].GetGrain<IConversationCommandsGrain>(id);
            await start.Task;
            return await commands.AddNoteAsync($"after {i}", agent);
        })).ToList();
        start.SetResult();
        await Task.WhenAll(notes);

        var conversation = await cluster.Cluster.GetSiloServiceProvider(cluster.Cluster.Silos[0].SiloAddress)
            .GetRequiredService<ConversationWriter>().LoadAsync(id, CancellationToken.None);
        Assert.Equal(1 + 5 + 10, conversation.Version);
        Assert.Equal(15, (await ConversationGrainCluster.NotesAsync(cluster, id)).Count);
        var now = await survivors[0].GetGrain<IManagementGrain>(0).GetActivationAddress(grain);
        Assert.NotNull(now);
        Assert.NotEqual(home, now);
    }
}
