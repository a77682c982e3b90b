using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Testing;

namespace MailHub.Routing.Tests;

/// <summary>A host whose agents go offline one second after their last console closes; live renewals every second.</summary>
public sealed class QuickPresenceHost : MailHubFactory
{
    public QuickPresenceHost() => Quick(Settings);

    public static void Quick(IDictionary<string, string?> settings)
    {
        settings["MailHub:Routing:OfflineGrace"] = "00:00:01";
        settings["MailHub:Live:RefreshInterval"] = "00:00:01";
        settings["MailHub:Routing:ReplyingFor"] = "00:00:02";
    }
}

/// <summary>Presence follows the agent's consoles, and agents see who else is viewing or replying, across nodes.</summary>
public sealed class LivePresenceTests(QuickPresenceHost nodeA) : IClassFixture<QuickPresenceHost>
{
    [Fact]
    public async Task An_agent_whose_last_console_closed_goes_offline_after_the_grace_and_their_conversation_goes_back_to_the_queue()
    {
        var scenario = await RoutingScenario.StartAsync(nodeA, agents: 1);
        var agent = scenario.Agents[0];
        var conversation = (await scenario.OpenAsync(1))[0];
        Assert.Equal(agent, await scenario.AgentOfAsync(conversation));
        var agentClient = await scenario.LoginAsync(agent);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        // Two consoles (a reloaded tab, a second window): closing one is not leaving.
        var first = await LiveConnection.OpenAsync(nodeA, agentClient, timeout.Token);
        using (await ServerSentEvents.OpenAsync(agentClient, "/api/events/stream", timeout.Token))
        {
            await first.DisposeAsync();
            await Task.Delay(TimeSpan.FromSeconds(3), timeout.Token); // three graces
            Assert.Equal("online", await StatusAsync(scenario, agent));
        }

        await RoutingScenario.WaitUntilAsync(async () => await StatusAsync(scenario, agent) == "offline");
        await RoutingScenario.WaitUntilAsync(async () => await scenario.AgentOfAsync(conversation) is null);
        Assert.Equal(1, await scenario.QueuedAsync());
    }

    [Fact]
    public async Task An_agent_viewing_then_replying_on_node_B_is_shown_to_a_teammate_on_node_A_until_their_console_closes()
    {
        var scenario = await RoutingScenario.StartAsync(nodeA, agents: 2);
        var conversation = (await scenario.OpenAsync(1))[0];
        var (writer, watcher) = (scenario.Agents[0], scenario.Agents[1]);
        await using var nodeB = new SecondNode(nodeA);
        QuickPresenceHost.Quick(nodeB.Settings);
        using var writerOnB = nodeB.CreateClient();
        writerOnB.DefaultRequestHeaders.Authorization = (await scenario.LoginAsync(writer)).DefaultRequestHeaders.Authorization;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var watcherOnA = await LiveConnection.OpenAsync(nodeA, await scenario.LoginAsync(watcher), timeout.Token);
        var writerConsole = await LiveConnection.OpenAsync(nodeB, writerOnB, timeout.Token);

        await writerConsole.InvokeAsync("Viewing", conversation, timeout.Token);
        var viewing = await watcherOnA.WaitForAsync("activity", Of(conversation, writer), "the teammate viewing", timeout.Token);
        Assert.Equal("viewing", viewing.GetProperty("activity").GetString());
        Assert.StartsWith("Agent agent", viewing.GetProperty("agentName").GetString(), StringComparison.Ordinal);

        await writerConsole.InvokeAsync("Replying", conversation, timeout.Token);
        var replying = await watcherOnA.WaitForAsync("activity", Of(conversation, writer), "the teammate replying", timeout.Token);
        Assert.Equal("replying", replying.GetProperty("activity").GetString());

        await writerConsole.DisposeAsync();
        var left = await watcherOnA.WaitForAsync("activity", Of(conversation, writer), "the teammate leaving", timeout.Token);
        Assert.Equal("left", left.GetProperty("activity").GetString());
    }

    [Fact]
    public async Task Replying_that_the_console_stops_repeating_turns_back_into_viewing_and_the_list_reads_who_is_on_which_conversation()
    {
        var scenario = await RoutingScenario.StartAsync(nodeA, agents: 2);
        var conversations = await scenario.OpenAsync(2);
        var (writer, watcher) = (scenario.Agents[0], scenario.Agents[1]);
        var outsider = await scenario.CreateAgentAsync(await scenario.CreateTeamAsync("外部-" + Guid.NewGuid().ToString("N")[..6]));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var watcherClient = await scenario.LoginAsync(watcher);
        await using var watcherConsole = await LiveConnection.OpenAsync(nodeA, watcherClient, timeout.Token);
        await using var writerConsole = await LiveConnection.OpenAsync(nodeA, await scenario.LoginAsync(writer), timeout.Token);

        await writerConsole.InvokeAsync("Replying", conversations[0], timeout.Token);
        await watcherConsole.WaitForAsync("activity", a => Of(conversations[0], writer)(a) && a.GetProperty("activity").GetString() == "replying",
            "the teammate replying", timeout.Token);
        var query = $"/api/routing/activity?ids={conversations[0]}&ids={conversations[1]}";
        var listed = Assert.Single((await watcherClient.GetFromJsonAsync<JsonElement>(query)).EnumerateArray());
        Assert.Equal(conversations[0], listed.GetProperty("conversationId").GetGuid());
        Assert.Equal(writer, listed.GetProperty("agentId").GetGuid());
        Assert.Equal("replying", listed.GetProperty("activity").GetString());
        // Someone of another team learns nothing of who is on team A's conversations.
        Assert.Empty((await (await scenario.LoginAsync(outsider)).GetFromJsonAsync<JsonElement>(query)).EnumerateArray());

        // The writer stops typing (the console stops repeating "Replying"): still there, viewing.
        var viewing = await watcherConsole.WaitForAsync("activity", Of(conversations[0], writer), "replying running out", timeout.Token);
        Assert.Equal("viewing", viewing.GetProperty("activity").GetString());
        listed = Assert.Single((await watcherClient.GetFromJsonAsync<JsonElement>(query)).EnumerateArray());
        Assert.Equal("viewing", listed.GetProperty("activity").GetString());
    }

    [Fact]
    public async Task A_console_may_not_announce_activity_on_a_conversation_it_may_not_see()
    {
        var scenario = await RoutingScenario.StartAsync(nodeA, agents: 1);
        var outsiderTeam = await scenario.CreateTeamAsync("外部-" + Guid.NewGuid().ToString("N")[..6]);
        var outsider = await scenario.CreateAgentAsync(outsiderTeam);
        var conversation = (await scenario.OpenAsync(1))[0];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var console = await LiveConnection.OpenAsync(nodeA, await scenario.LoginAsync(outsider), timeout.Token);

        var refused = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => console.InvokeAsync("Viewing", conversation, timeout.Token));
        Assert.Contains("not one you may see", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_offline_agent_who_opens_the_console_is_online_and_gets_the_queued_conversation_but_an_away_agent_stays_away()
    {
        var scenario = await RoutingScenario.StartAsync(nodeA, agents: 2, status: "offline");
        var (arriving, away) = (scenario.Agents[0], scenario.Agents[1]);
        var conversation = (await scenario.OpenAsync(1))[0];
        Assert.Null(await scenario.AgentOfAsync(conversation)); // nobody online: it waits in the queue
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        await scenario.SetPresenceAsync(away, "away");
        await using (await LiveConnection.OpenAsync(nodeA, await scenario.LoginAsync(away), timeout.Token))
        {
            Assert.Equal("away", await StatusAsync(scenario, away));
            Assert.Null(await scenario.AgentOfAsync(conversation));

            using (await ServerSentEvents.OpenAsync(await scenario.LoginAsync(arriving), "/api/events/stream", timeout.Token))
            {
                Assert.Equal("online", await StatusAsync(scenario, arriving));
                Assert.Equal(arriving, await scenario.AgentOfAsync(conversation));
            }
        }
    }

    [Fact]
    public async Task A_console_opening_a_conversation_asks_who_is_viewing_or_replying_and_the_answer_follows_the_consoles()
    {
        var scenario = await RoutingScenario.StartAsync(nodeA, agents: 2);
        var conversation = (await scenario.OpenAsync(1))[0];
        var (writer, watcher) = (scenario.Agents[0], scenario.Agents[1]);
        var watcherClient = await scenario.LoginAsync(watcher);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var nodeB = new SecondNode(nodeA);
        QuickPresenceHost.Quick(nodeB.Settings);
        using var writerOnB = nodeB.CreateClient();
        writerOnB.DefaultRequestHeaders.Authorization = (await scenario.LoginAsync(writer)).DefaultRequestHeaders.Authorization;
        var writerConsole = await LiveConnection.OpenAsync(nodeB, writerOnB, timeout.Token);
        Assert.Empty(await ViewersAsync(watcherClient, conversation));

        await writerConsole.InvokeAsync("Viewing", conversation, timeout.Token);
        var viewing = Assert.Single(await ViewersAsync(watcherClient, conversation));
        Assert.Equal(writer, viewing.GetProperty("agentId").GetGuid());
        Assert.StartsWith("Agent agent", viewing.GetProperty("agentName").GetString(), StringComparison.Ordinal);
        Assert.Equal("viewing", viewing.GetProperty("activity").GetString());

        await writerConsole.InvokeAsync("Replying", conversation, timeout.Token);
        Assert.Equal("replying", Assert.Single(await ViewersAsync(watcherClient, conversation)).GetProperty("activity").GetString());

        await writerConsole.DisposeAsync();
        Assert.True(await Eventually.HoldsAsync(async () => (await ViewersAsync(watcherClient, conversation)).Length == 0, TimeSpan.FromSeconds(30)),
            "The writer's console closed, yet the conversation still lists them.");
    }

    [Fact]
    public async Task Someone_outside_the_conversations_team_may_not_ask_who_is_on_it()
    {
        var scenario = await RoutingScenario.StartAsync(nodeA, agents: 1);
        var outsider = await scenario.CreateAgentAsync(await scenario.CreateTeamAsync("外部-" + Guid.NewGuid().ToString("N")[..6]));
        var conversation = (await scenario.OpenAsync(1))[0];

        var response = await (await scenario.LoginAsync(outsider)).GetAsync($"/api/conversations/{conversation}/viewers");

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static async Task<JsonElement[]> ViewersAsync(HttpClient client, Guid conversation) =>
        [.. (await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}/viewers")).EnumerateArray()];

    private static Func<JsonElement, bool> Of(Guid conversation, Guid agent) =>
        data => data.GetProperty("conversationId").GetGuid() == conversation && data.GetProperty("agentId").GetGuid() == agent;

    private static async Task<string?> StatusAsync(RoutingScenario scenario, Guid agent) =>
        (await scenario.Admin.GetFromJsonAsync<JsonElement>($"/api/routing/agents/{agent}")).GetProperty("status").GetString();
}
