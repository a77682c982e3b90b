using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Testing;

namespace MailHub.Routing.Tests;

/// <summary>
/// What the admin console's rules page relies on: "try it" names the winning rule and why the others lost, reordering
/// changes the winner, a rule's tags and priority land on what it routes, and a team's own strategy and default capacity.
/// </summary>
public sealed class RuleTrialAndTeamSettingsTests(MailHubFactory factory) : IClassFixture<MailHubFactory>
{
    [Fact]
    public async Task Try_it_names_the_winner_and_why_and_reordering_the_rules_changes_it()
    {
        var scenario = await RoutingScenario.StartAsync(factory, agents: 0, strategy: null);
        var other = await scenario.CreateTeamAsync("售前-" + Guid.NewGuid().ToString("N")[..6]);
        var refunds = await RuleAsync(scenario, new { name = "退款 → 售后", conditions = new { keywords = new[] { "退款" }, mailboxIds = new[] { scenario.MailboxId } },
            assignTo = new { teamId = scenario.TeamId } });
        var chinese = await RuleAsync(scenario, new { name = "中文 → 售前", conditions = new { languages = new[] { "zh" }, mailboxIds = new[] { scenario.MailboxId } },
            assignTo = new { teamId = other } });
        var off = await RuleAsync(scenario, new { name = "关闭的", enabled = false, conditions = new { mailboxIds = new[] { scenario.MailboxId } },
            assignTo = new { teamId = other } });
        var sample = new Sample(scenario.MailboxId, "li.na@example.cn", "申请退款", "订单 12345 请退款");

        var before = await TryAsync(scenario, sample);
        var all = (await scenario.Admin.GetFromJsonAsync<JsonElement>("/api/routing/rules")).EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).ToList();
        var reordered = await scenario.Admin.PutAsJsonAsync("/api/routing/rules/order",
            new { ruleIds = all.Where(id => id != chinese).Prepend(chinese).ToArray() });
        var after = await TryAsync(scenario, sample);
        var english = await TryAsync(scenario, sample with { Subject = "Refund", Body = "Please refund order 12345" });

        Assert.Equal(refunds, before.GetProperty("winnerId").GetGuid());
        Assert.Equal("zh", before.GetProperty("language").GetString());
        var keyword = Assert.Single(Trial(before, refunds).GetProperty("conditions").EnumerateArray(), c => c.GetProperty("kind").GetString() == "keyword");
        Assert.Equal("退款", keyword.GetProperty("found").GetString());
        Assert.True(Trial(before, off).GetProperty("matched").GetBoolean());
        Assert.False(Trial(before, off).GetProperty("wins").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, reordered.StatusCode);
        Assert.Equal(chinese, after.GetProperty("winnerId").GetGuid());
        Assert.Equal(JsonValueKind.Null, english.GetProperty("winnerId").ValueKind);
        Assert.Equal("en", english.GetProperty("language").GetString());
        // The new order is in the audit log; trying the rules changed nothing, so it is not.
        var audit = await scenario.Admin.GetStringAsync("/api/audit?limit=200");
        Assert.Contains("\"ReorderRoutingRules\"", audit);
        Assert.DoesNotContain("TryRoutingRules", audit);
    }

    [Fact]
    public async Task A_reorder_that_leaves_out_a_rule_conflicts_and_changes_no_order()
    {
        var scenario = await RoutingScenario.StartAsync(factory, agents: 0);
        await scenario.AddRuleAsync(scenario.TeamId, "least-open");
        var orders = await OrdersAsync(scenario);

        var response = await scenario.Admin.PutAsJsonAsync("/api/routing/rules/order", new { ruleIds = orders.Keys.Skip(1).Reverse().ToArray() });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("read them again", await response.Content.ReadAsStringAsync());
        Assert.Equal(orders, await OrdersAsync(scenario));
    }

    [Fact]
    public async Task A_rule_adds_its_tags_and_sets_its_priority_on_what_it_routes()
    {
        var scenario = await RoutingScenario.StartAsync(factory, agents: 1, strategy: null);
        await scenario.AddRuleAsync(scenario.TeamId, null, tags: ["VIP", "退款"], priority: "urgent");

        var conversation = (await scenario.OpenAsync(1, "退款 请尽快"))[0];

        JsonElement detail = default;
        await RoutingScenario.WaitUntilAsync(async () =>
        {
            detail = await scenario.Admin.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}");
            return detail.GetProperty("priority").GetString() == "urgent";
        });
        Assert.Equal(["VIP", "退款"], detail.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(scenario.Agents[0], await scenario.AgentOfAsync(conversation));
    }

    [Fact]
    public async Task A_rule_that_names_no_strategy_follows_its_teams_and_a_default_capacity_reaches_the_teams_members()
    {
        var scenario = await RoutingScenario.StartAsync(factory, agents: 2, strategy: null);
        await scenario.AddRuleAsync(scenario.TeamId, null);

        var saved = await scenario.Admin.PutAsJsonAsync($"/api/routing/teams/{scenario.TeamId}", new { strategy = "manual", defaultCapacity = 7 });
        var queued = (await scenario.OpenAsync(1))[0];
        var settings = await scenario.Admin.GetFromJsonAsync<JsonElement>("/api/routing/teams");
        var capacities = await Task.WhenAll(scenario.Agents.Select(async a =>
            (await scenario.Admin.GetFromJsonAsync<JsonElement>($"/api/routing/agents/{a}")).GetProperty("capacity").GetInt32()));

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var team = Assert.Single(settings.EnumerateArray(), t => t.GetProperty("teamId").GetGuid() == scenario.TeamId);
        Assert.Equal("manual", team.GetProperty("strategy").GetString());
        Assert.Equal(7, team.GetProperty("defaultCapacity").GetInt32());
        Assert.Equal([7, 7], capacities);
        Assert.Null(await scenario.AgentOfAsync(queued)); // manual: it waits in the team's queue
        Assert.Equal(1, await scenario.QueuedAsync());

        Assert.Equal(HttpStatusCode.OK, (await scenario.Admin.PutAsJsonAsync($"/api/routing/teams/{scenario.TeamId}",
            new { strategy = "round-robin", defaultCapacity = (int?)null })).StatusCode);
        var routed = (await scenario.OpenAsync(1))[0];
        Assert.NotNull(await scenario.AgentOfAsync(routed));
    }

    [Fact]
    public async Task A_new_agent_starts_with_their_teams_default_capacity()
    {
        var scenario = await RoutingScenario.StartAsync(factory, agents: 0);
        Assert.Equal(HttpStatusCode.OK, (await scenario.Admin.PutAsJsonAsync($"/api/routing/teams/{scenario.TeamId}",
            new { strategy = "least-open", defaultCapacity = 3 })).StatusCode);

        var agent = await scenario.CreateAgentAsync(scenario.TeamId);
        await scenario.SetPresenceAsync(agent, "online");

        Assert.Equal(3, (await scenario.Admin.GetFromJsonAsync<JsonElement>($"/api/routing/agents/{agent}")).GetProperty("capacity").GetInt32());
    }

    [Fact]
    public async Task Team_settings_are_refused_to_agents_and_for_an_unknown_team_or_strategy()
    {
        var scenario = await RoutingScenario.StartAsync(factory, agents: 1);
        var agent = await scenario.LoginAsync(scenario.Agents[0]);

        var byAgent = await agent.PutAsJsonAsync($"/api/routing/teams/{scenario.TeamId}", new { strategy = "manual" });
        var unknownTeam = await scenario.Admin.PutAsJsonAsync($"/api/routing/teams/{Guid.NewGuid()}", new { strategy = "manual" });
        var unknownStrategy = await scenario.Admin.PutAsJsonAsync($"/api/routing/teams/{scenario.TeamId}", new { strategy = "random", defaultCapacity = 1001 });

        Assert.Equal(HttpStatusCode.Forbidden, byAgent.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownTeam.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownStrategy.StatusCode);
        var errors = (await unknownStrategy.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("strategy", out _));
        Assert.True(errors.TryGetProperty("defaultCapacity", out _));
    }

    private static async Task<Guid> RuleAsync(RoutingScenario scenario, object rule)
    {
        var response = await scenario.Admin.PostAsJsonAsync("/api/routing/rules", rule);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<JsonElement> TryAsync(RoutingScenario scenario, Sample sample)
    {
        var response = await scenario.Admin.PostAsJsonAsync("/api/routing/rules/try", sample);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static JsonElement Trial(JsonElement trial, Guid rule) =>
        trial.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == rule);

    private static async Task<Dictionary<Guid, int>> OrdersAsync(RoutingScenario scenario) =>
        (await scenario.Admin.GetFromJsonAsync<JsonElement>("/api/routing/rules")).EnumerateArray()
            .ToDictionary(r => r.GetProperty("id").GetGuid(), r => r.GetProperty("order").GetInt32());

    private sealed record Sample(Guid MailboxId, string From, string Subject, string Body);
}
