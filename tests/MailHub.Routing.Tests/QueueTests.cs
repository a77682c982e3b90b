using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Routing.Contracts;
using MailHub.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace MailHub.Routing.Tests;

public sealed class QueueTests(MailHubFactory factory) : IClassFixture<MailHubFactory>
{
    [Fact]
    public async Task Thirty_conversations_for_three_online_agents_with_round_robin_end_up_ten_each()
    {
        var scenario = await RoutingScenario.StartAsync(factory, agents: 3);

        await scenario.OpenAsync(30);

        var counts = await scenario.OpenCountsAsync();
        Assert.All(counts.Values, count => Assert.Equal(10, count));
    }

    [Fact]
    public async Task An_agent_going_offline_hands_their_open_conversations_back_and_the_other_two_take_them()
    {
        var scenario = await RoutingScenario.StartAsync(factory, agents: 3);
        var conversations = await scenario.OpenAsync(9);
        var leaving = scenario.Agents[0];
        var theirs = new List<Guid>();
        foreach (var id in conversations)
        {
            if (await scenario.AgentOfAsync(id) == leaving)
                theirs.Add(id);
        }

        await scenario.SetPresenceAsync(leaving, "offline");

        var counts = await scenario.OpenCountsAsync();
        Assert.Equal(0, counts[leaving]);
        Assert.Equal(9, counts.Values.Sum());
        Assert.Equal(0, await scenario.QueuedAsync());
        var store = factory.Services.GetRequiredService<IDocumentStore>();
        var history = await store.ReadStreamAsync<ConversationAssigned>(RoutingEvents.StreamOf(theirs[0]));
        Assert.Equal(new[] { AssignmentKind.Rule, AssignmentKind.Requeue, AssignmentKind.Rule }, history.Select(a => a!.Kind));
        Assert.Null(history[1]!.AgentId);
        Assert.Equal(scenario.TeamId, history[1]!.TeamId);
        Assert.NotEqual(leaving, history[2]!.AgentId);
    }

    [Fact]
    public async Task Least_open_gives_new_conversations_to_the_agent_with_the_fewest_open()
    {
        var scenario = await RoutingScenario.StartAsync(factory, agents: 2, strategy: "least-open", status: "offline");
        var (busy, idle) = (scenario.Agents[0], scenario.Agents[1]);
        await scenario.SetPresenceAsync(busy, "online");
        await scenario.OpenAsync(3);
        await scenario.SetPresenceAsync(idle, "online");

        var later = await scenario.OpenAsync(3);

        foreach (var id in later)
            Assert.Equal(idle, await scenario.AgentOfAsync(id));
        var counts = await scenario.OpenCountsAsync();
        Assert.Equal(3, counts[busy]);
        Assert.Equal(3, counts[idle]);
    }

    [Fact]
    public async Task Capacity_is_respected_and_the_queue_drains_oldest_first_when_an_agent_comes_online_or_a_conversation_closes()
    {
        var scenario = await RoutingScenario.StartAsync(factory, agents: 2, status: "offline", capacity: 2);
        var (first, second) = (scenario.Agents[0], scenario.Agents[1]);
        await scenario.SetPresenceAsync(first, "online");

        var ids = await scenario.OpenAsync(5);
        Assert.Equal(2, (await scenario.OpenCountsAsync())[first]);
        Assert.Equal(3, await scenario.QueuedAsync());

        await scenario.SetPresenceAsync(second, "online");
        Assert.Equal(second, await scenario.AgentOfAsync(ids[2]));
        Assert.Equal(second, await scenario.AgentOfAsync(ids[3]));
        Assert.Null(await scenario.AgentOfAsync(ids[4]));
        Assert.Equal(1, await scenario.QueuedAsync());

        await scenario.CloseAsync(ids[0]);
        await RoutingScenario.WaitUntilAsync(async () => await scenario.AgentOfAsync(ids[4]) == first);
        Assert.Equal(0, await scenario.QueuedAsync());
        Assert.All((await scenario.OpenCountsAsync()).Values, count => Assert.Equal(2, count));
    }

    [Fact]
    public async Task A_conversation_no_rule_matches_stays_unassigned_in_no_team()
    {
        var scenario = await RoutingScenario.StartAsync(factory, agents: 1);
        var unrouted = Guid.NewGuid();
        var store = factory.Services.GetRequiredService<IDocumentStore>();
        await store.StartStreamAsync(Conversations.Contracts.ConversationEvents.StreamOf(unrouted),
            new Conversations.Contracts.ConversationOpened(
                unrouted, Openings.NextNumber(), Guid.NewGuid(), Guid.NewGuid(), "nobody@else.example", "Hi", null, null, DateTimeOffset.UtcNow,
                "Nobody", Openings.NewReplyToken()));

        JsonElement assignment = default;
        await RoutingScenario.WaitUntilAsync(async () =>
        {
            var response = await scenario.Admin.GetAsync($"/api/routing/assignments/{unrouted}");
            if (!response.IsSuccessStatusCode)
                return false;
            assignment = await response.Content.ReadFromJsonAsync<JsonElement>();
            return true;
        });
        Assert.Equal(JsonValueKind.Null, assignment.GetProperty("assignee").ValueKind);
        Assert.Equal(JsonValueKind.Null, assignment.GetProperty("team").ValueKind);
        Assert.Equal("open", assignment.GetProperty("state").GetString());
    }
}
