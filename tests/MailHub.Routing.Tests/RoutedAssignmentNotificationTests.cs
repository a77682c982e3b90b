using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Testing;

namespace MailHub.Routing.Tests;

/// <summary>Routing's own assignments (a rule's team round-robin, a queue draining) tell the agent who gets the conversation.</summary>
public sealed class RoutedAssignmentNotificationTests(MailHubFactory factory) : IClassFixture<MailHubFactory>
{
    [Fact]
    public async Task A_mail_a_rule_routes_to_a_team_notifies_the_one_online_agent_who_gets_it_and_no_one_else()
    {
        var scenario = await RoutingScenario.StartAsync(factory, agents: 1);
        var online = scenario.Agents[0];
        var offline = await scenario.CreateAgentAsync(scenario.TeamId);
        await scenario.SetPresenceAsync(offline, "offline");
        var outsider = await scenario.CreateAgentAsync(await scenario.CreateTeamAsync("other-" + Guid.NewGuid().ToString("N")[..6]));
        var onlineClient = await scenario.LoginAsync(online);
        using var listening = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var live = await LiveConnection.OpenAsync(factory, onlineClient, listening.Token);

        var conversation = (await scenario.OpenAsync(1))[0];

        Assert.Equal(online, await scenario.AgentOfAsync(conversation));
        var pushed = await live.WaitForAsync("notification", n => n.GetProperty("conversationId").GetGuid() == conversation,
            "\"notification\" for the routed conversation", listening.Token);
        Assert.Equal("assigned", pushed.GetProperty("kind").GetString());
        var recorded = await onlineClient.GetFromJsonAsync<JsonElement>("/api/routing/notifications");
        Assert.Equal(1, recorded.GetProperty("unread").GetInt32());
        var told = Assert.Single(recorded.GetProperty("items").EnumerateArray());
        Assert.Equal("assigned", told.GetProperty("kind").GetString());
        Assert.Equal(conversation, told.GetProperty("conversationId").GetGuid());
        Assert.Equal("Where is my order? #0", told.GetProperty("subject").GetString());
        Assert.Equal(JsonValueKind.Null, told.GetProperty("from").ValueKind);
        Assert.Equal(JsonValueKind.Null, told.GetProperty("fromName").ValueKind);
        Assert.Equal(JsonValueKind.Null, told.GetProperty("note").ValueKind);
        Assert.True(JsonElement.DeepEquals(told, pushed), $"{told} differs from {pushed}");
        foreach (var other in new[] { offline, outsider })
        {
            var theirs = await (await scenario.LoginAsync(other)).GetFromJsonAsync<JsonElement>("/api/routing/notifications");
            Assert.Equal(0, theirs.GetProperty("items").GetArrayLength());
        }
    }

    [Fact]
    public async Task A_queued_conversation_handed_to_an_agent_who_came_online_notifies_that_agent()
    {
        var scenario = await RoutingScenario.StartAsync(factory, agents: 1, status: "offline");
        var agent = scenario.Agents[0];
        var conversation = (await scenario.OpenAsync(1))[0];
        Assert.Null(await scenario.AgentOfAsync(conversation));
        var client = await scenario.LoginAsync(agent);
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/routing/notifications")).GetProperty("items").GetArrayLength());

        await scenario.SetPresenceAsync(agent, "online");

        await RoutingScenario.WaitUntilAsync(async () => await scenario.AgentOfAsync(conversation) == agent);
        JsonElement recorded = default;
        await RoutingScenario.WaitUntilAsync(async () =>
        {
            recorded = await client.GetFromJsonAsync<JsonElement>("/api/routing/notifications");
            return recorded.GetProperty("items").GetArrayLength() > 0;
        });
        var told = Assert.Single(recorded.GetProperty("items").EnumerateArray());
        Assert.Equal("assigned", told.GetProperty("kind").GetString());
        Assert.Equal(conversation, told.GetProperty("conversationId").GetGuid());
        Assert.Equal(JsonValueKind.Null, told.GetProperty("from").ValueKind);
    }
}
