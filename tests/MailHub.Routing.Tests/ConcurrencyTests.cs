using System.Net;
using System.Net.Http.Json;
using MailHub.Conversations.Contracts;
using MailHub.Routing.Assignment;
using MailHub.Routing.Contracts;
using MailHub.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MailHub.Routing.Tests;

/// <summary>Two routing engines on one database stand for two MailHub nodes deciding at the same moment.</summary>
public sealed class ConcurrencyTests(MailHubFactory factory) : IClassFixture<MailHubFactory>
{
    private AssignmentEngine NewNode() => ActivatorUtilities.CreateInstance<AssignmentEngine>(factory.Services);

    [Fact]
    public async Task Two_nodes_assigning_one_conversation_at_once_leave_one_assignee_matching_the_last_event()
    {
        var scenario = await RoutingScenario.StartAsync(factory, agents: 2);
        var conversation = (await scenario.OpenAsync(1))[0];
        var (nodeA, nodeB) = (NewNode(), NewNode());

        for (var round = 0; round < 15; round++)
        {
            using var start = new Barrier(2);
            var racers = new[] { (nodeA, scenario.Agents[0]), (nodeB, scenario.Agents[1]) }.Select(racer => Task.Run(async () =>
            {
                start.SignalAndWait();
                return await racer.Item1.AssignAsync(conversation, null, racer.Item2, Guid.NewGuid(), "admin", null, AssignmentKind.Manual, null,
                    CancellationToken.None);
            }));
            Assert.All(await Task.WhenAll(racers), result => Assert.Equal(AssignStatus.Done, result.Status));
        }

        await AssertRowAndStreamAgreeAsync(conversation, expectedEvents: 1 + 30);
    }

    [Fact]
    public async Task With_expected_versions_only_one_of_two_simultaneous_assignments_wins()
    {
        var scenario = await RoutingScenario.StartAsync(factory, agents: 2);
        var conversation = (await scenario.OpenAsync(1))[0];
        var (nodeA, nodeB) = (NewNode(), NewNode());

        using var start = new Barrier(2);
        var racers = new[] { (nodeA, scenario.Agents[0]), (nodeB, scenario.Agents[1]) }.Select(racer => Task.Run(async () =>
        {
            start.SignalAndWait();
            return await racer.Item1.AssignAsync(conversation, null, racer.Item2, Guid.NewGuid(), "admin", null, AssignmentKind.Manual, 1,
                CancellationToken.None);
        }));
        var results = await Task.WhenAll(racers);

        Assert.Single(results, r => r.Status == AssignStatus.Done);
        Assert.Single(results, r => r.Status == AssignStatus.VersionConflict);
        await AssertRowAndStreamAgreeAsync(conversation, expectedEvents: 2);
    }

    [Fact]
    public async Task Two_nodes_routing_the_same_arrival_record_a_single_assignment()
    {
        var scenario = await RoutingScenario.StartAsync(factory, agents: 3);
        var (nodeA, nodeB) = (NewNode(), NewNode());

        for (var round = 0; round < 10; round++)
        {
            var id = Guid.NewGuid();
            var opened = new ConversationOpened(id, round, scenario.MailboxId, Guid.NewGuid(), "twice@shop.example", "Twice", null, "en",
                DateTimeOffset.UtcNow);
            using var start = new Barrier(2);
            await Task.WhenAll(new[] { nodeA, nodeB }.Select(node => Task.Run(async () =>
            {
                start.SignalAndWait();
                await node.OnOpenedAsync(opened, CancellationToken.None);
            })));
            await AssertRowAndStreamAgreeAsync(id, expectedEvents: 1);
        }
        // Round-robin stayed fair though two nodes picked at once: 10 arrivals over 3 agents.
        var counts = (await scenario.OpenCountsAsync()).Values.Order().ToList();
        Assert.Equal(new long[] { 3, 3, 4 }, counts);
    }

    [Fact]
    public async Task Parallel_assign_calls_through_the_api_all_land_and_the_row_matches_the_last_event()
    {
        var scenario = await RoutingScenario.StartAsync(factory, agents: 3);
        var conversation = (await scenario.OpenAsync(1))[0];

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            scenario.Admin.PostAsJsonAsync($"/api/conversations/{conversation}/assign", new { agentId = scenario.Agents[i % 3] })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await AssertRowAndStreamAgreeAsync(conversation, expectedEvents: 13);
    }

    private async Task AssertRowAndStreamAgreeAsync(Guid conversation, int expectedEvents)
    {
        var events = await factory.Services.GetRequiredService<IDocumentStore>().ReadStreamAsync(RoutingEvents.StreamOf(conversation));
        await using var command = factory.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            "SELECT agent_id, version, (SELECT count(*) FROM routing.assignments WHERE conversation_id = $1) FROM routing.assignments WHERE conversation_id = $1");
        command.Parameters.Add(new() { Value = conversation });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var agent = reader.IsDBNull(0) ? (Guid?)null : reader.GetGuid(0);
        Assert.Equal(1, reader.GetInt64(2));
        Assert.Equal(expectedEvents, events.Count);
        Assert.Equal(events.Count, reader.GetInt64(1));
        Assert.Equal(Enumerable.Range(1, expectedEvents).Select(v => (long)v), events.Select(e => e.Version));
        Assert.Equal(agent, Assert.IsType<ConversationAssigned>(events[^1].Data).AgentId);
    }
}
