using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Testing;

namespace MailHub.Routing.Tests;

/// <summary>
/// The routing API as a client sees it: a rule's whole life through the endpoints, and refusals that name the field to
/// correct (problem details keyed by the request's JSON field) before anything is stored.
/// </summary>
public sealed class RoutingApiTests(MailHubFactory factory) : IClassFixture<MailHubFactory>
{
    [Fact]
    public async Task A_rule_is_added_read_replaced_and_deleted()
    {
        var scenario = await RoutingScenario.StartAsync(factory, agents: 0);
        var mailbox = Guid.NewGuid(); // a mailbox no conversation comes from: the rule catches nothing of other tests

        var created = await scenario.Admin.PostAsJsonAsync("/api/routing/rules", new
        {
            name = "  退款 → 售后  ", order = 900, conditions = new { mailboxIds = new[] { mailbox }, keywords = new[] { "退款" } },
            assignTo = new { teamId = scenario.TeamId },
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var rule = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = rule.GetProperty("id").GetGuid();
        Assert.Equal($"/api/routing/rules/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("退款 → 售后", rule.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, rule.GetProperty("strategy").ValueKind); // the team's
        Assert.Empty(rule.GetProperty("tags").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, rule.GetProperty("priority").ValueKind);
        Assert.True(rule.GetProperty("enabled").GetBoolean());
        Assert.Equal(scenario.TeamId, rule.GetProperty("assignTo").GetProperty("teamId").GetGuid());
        Assert.Equal(JsonValueKind.Null, rule.GetProperty("assignTo").GetProperty("agentId").ValueKind);
        Assert.Equal("退款", rule.GetProperty("conditions").GetProperty("keywords")[0].GetString());

        var listed = await scenario.Admin.GetFromJsonAsync<JsonElement>("/api/routing/rules");
        Assert.Contains(listed.EnumerateArray(), r => r.GetProperty("id").GetGuid() == id);

        var replaced = await scenario.Admin.PutAsJsonAsync($"/api/routing/rules/{id}", new
        {
            name = "退款 (manual)", order = 901, conditions = new { mailboxIds = new[] { mailbox } }, assignTo = new { teamId = scenario.TeamId },
            strategy = "manual", enabled = false,
        });
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var read = await scenario.Admin.GetFromJsonAsync<JsonElement>($"/api/routing/rules/{id}");
        Assert.Equal("manual", read.GetProperty("strategy").GetString());
        Assert.Equal(901, read.GetProperty("order").GetInt32());
        Assert.False(read.GetProperty("enabled").GetBoolean());

        Assert.Equal(HttpStatusCode.NoContent, (await scenario.Admin.DeleteAsync($"/api/routing/rules/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await scenario.Admin.GetAsync($"/api/routing/rules/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await scenario.Admin.DeleteAsync($"/api/routing/rules/{id}")).StatusCode);
        var gone = await scenario.Admin.PutAsJsonAsync($"/api/routing/rules/{id}", new { name = "x", assignTo = new { teamId = scenario.TeamId } });
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task A_rule_without_a_name_a_known_strategy_or_one_target_is_refused_field_by_field()
    {
        var scenario = await RoutingScenario.StartAsync(factory, agents: 0);

        var errors = await RefusedAsync(await scenario.Admin.PostAsJsonAsync("/api/routing/rules", new
        {
            name = " ", strategy = "random", assignTo = new { teamId = scenario.TeamId, agentId = Guid.NewGuid() },
        }));

        Assert.Contains("name that says what it catches", Message(errors, "name"));
        Assert.Equal("Unknown strategy 'random': use \"round-robin\", \"least-open\" or \"manual\".", Message(errors, "strategy"));
        Assert.Contains("not both", Message(errors, "assignTo"));
        Assert.Contains("name", Message(await RefusedAsync(await scenario.Admin.PostAsJsonAsync("/api/routing/rules",
            new { name = new string('n', 201), assignTo = new { teamId = scenario.TeamId } })), "name"));
        Assert.Contains("Say where", Message(await RefusedAsync(await scenario.Admin.PostAsJsonAsync("/api/routing/rules",
            new { name = "nowhere" })), "assignTo"));
    }

    [Fact]
    public async Task A_rule_for_a_team_or_agent_the_directory_does_not_hold_is_refused()
    {
        var scenario = await RoutingScenario.StartAsync(factory, agents: 0);
        var team = Guid.NewGuid();
        var agent = Guid.NewGuid();

        var noTeam = await RefusedAsync(await scenario.Admin.PostAsJsonAsync("/api/routing/rules", new { name = "x", assignTo = new { teamId = team } }));
        var noAgent = await RefusedAsync(await scenario.Admin.PostAsJsonAsync("/api/routing/rules", new { name = "x", assignTo = new { agentId = agent } }));

        Assert.Contains(team.ToString(), Message(noTeam, "assignTo.teamId"));
        Assert.Contains(agent.ToString(), Message(noAgent, "assignTo.agentId"));
    }

    [Fact]
    public async Task Supervisors_add_rules_and_agents_do_not()
    {
        var scenario = await RoutingScenario.StartAsync(factory, agents: 1);
        var agent = await scenario.LoginAsync(scenario.Agents[0]);
        var supervisor = await scenario.LoginAsync(await scenario.CreateMemberAsync(scenario.TeamId, "supervisor"));
        var rule = new { name = "mine", conditions = new { mailboxIds = new[] { Guid.NewGuid() } }, assignTo = new { agentId = scenario.Agents[0] } };

        var byAgent = await agent.PostAsJsonAsync("/api/routing/rules", rule);
        var bySupervisor = await supervisor.PostAsJsonAsync("/api/routing/rules", rule);

        Assert.Equal(HttpStatusCode.Forbidden, byAgent.StatusCode);
        Assert.Equal(HttpStatusCode.Created, bySupervisor.StatusCode);
        var id = (await bySupervisor.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await supervisor.DeleteAsync($"/api/routing/rules/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_rule_with_too_many_or_empty_tags_or_an_unknown_priority_is_refused_field_by_field()
    {
        var scenario = await RoutingScenario.StartAsync(factory, agents: 0);

        var errors = await RefusedAsync(await scenario.Admin.PostAsJsonAsync("/api/routing/rules", new
        {
            name = "tags", tags = new[] { "vip", " " }, priority = "asap", assignTo = new { teamId = scenario.TeamId },
        }));

        Assert.Equal("A rule adds at most 20 tags, each 1 to 40 characters.", Message(errors, "tags"));
        Assert.Equal("The priority a rule sets is low, normal, high or urgent (or none, to leave it).", Message(errors, "priority"));
    }

    [Fact]
    public async Task An_agent_reads_the_queue_of_their_own_team_but_not_of_another()
    {
        var scenario = await RoutingScenario.StartAsync(factory, agents: 1, strategy: "manual");
        await scenario.OpenAsync(1, "Refund for order 42");
        var insider = await scenario.LoginAsync(scenario.Agents[0]);
        var outsider = await scenario.LoginAsync(await scenario.CreateAgentAsync(await scenario.CreateTeamAsync("other-" + Guid.NewGuid().ToString("N")[..6])));

        var queue = await insider.GetFromJsonAsync<JsonElement>($"/api/routing/teams/{scenario.TeamId}/queue");
        var refused = await outsider.GetAsync($"/api/routing/teams/{scenario.TeamId}/queue");

        Assert.Equal("Refund for order 42 #0", Assert.Single(queue.EnumerateArray()).GetProperty("subject").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task A_presence_without_status_or_capacity_or_out_of_range_is_refused_field_by_field()
    {
        var scenario = await RoutingScenario.StartAsync(factory, agents: 1, status: "offline");
        var agent = scenario.Agents[0];

        var empty = await RefusedAsync(await scenario.Admin.PutAsJsonAsync($"/api/routing/agents/{agent}/presence", new { }));
        var outOfRange = await RefusedAsync(await scenario.Admin.PutAsJsonAsync($"/api/routing/agents/{agent}/presence",
            new { status = "Online", capacity = 1001 }));
        var unknown = await RefusedAsync(await scenario.Admin.PutAsJsonAsync($"/api/routing/agents/{agent}/presence", new { status = "asleep" }));

        Assert.Equal("Give a status (online, away, offline), a capacity, or both.", Message(empty, "status"));
        Assert.Equal("Capacity is how many open conversations the agent takes at once: 0 to 1000.", Message(outOfRange, "capacity"));
        Assert.False(outOfRange.TryGetProperty("status", out _), "\"Online\" is a known status, whatever its case");
        Assert.Equal("Unknown status 'asleep': use \"online\", \"away\" or \"offline\".", Message(unknown, "status"));
        Assert.Equal("offline", (await scenario.Admin.GetFromJsonAsync<JsonElement>($"/api/routing/agents/{agent}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_presence_of_someone_not_in_the_directory_is_not_found()
    {
        var scenario = await RoutingScenario.StartAsync(factory, agents: 0);

        var response = await scenario.Admin.PutAsJsonAsync($"/api/routing/agents/{Guid.NewGuid()}/presence", new { status = "online" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task An_assignment_needs_one_target_a_short_note_and_a_target_the_directory_holds()
    {
        var scenario = await RoutingScenario.StartAsync(factory, agents: 1);
        var conversation = (await scenario.OpenAsync(1))[0];
        var agent = scenario.Agents[0];

        var both = await RefusedAsync(await scenario.Admin.PostAsJsonAsync($"/api/conversations/{conversation}/assign",
            new { agentId = agent, teamId = scenario.TeamId }));
        var long_ = await RefusedAsync(await scenario.Admin.PostAsJsonAsync($"/api/conversations/{conversation}/transfer",
            new { agentId = agent, note = new string('备', 2001) }));
        var stranger = Guid.NewGuid();
        var unknown = await RefusedAsync(await scenario.Admin.PostAsJsonAsync($"/api/conversations/{conversation}/assign", new { agentId = stranger }));

        Assert.Equal("Give either agentId (an agent) or teamId (a team), not both.", Message(both, "agentId"));
        Assert.Equal("Keep the note to 2000 characters.", Message(long_, "note"));
        Assert.Contains(stranger.ToString(), Message(unknown, "agentId"));
    }

    [Fact]
    public async Task Assigning_a_conversation_routing_has_not_seen_is_not_found_and_at_an_old_version_conflicts()
    {
        var scenario = await RoutingScenario.StartAsync(factory, agents: 1);
        var conversation = (await scenario.OpenAsync(1))[0];
        var version = (await scenario.Admin.GetFromJsonAsync<JsonElement>($"/api/routing/assignments/{conversation}")).GetProperty("version").GetInt64();

        var unseen = await scenario.Admin.PostAsJsonAsync($"/api/conversations/{Guid.NewGuid()}/assign", new { teamId = scenario.TeamId });
        var stale = await scenario.Admin.PostAsJsonAsync($"/api/conversations/{conversation}/assign",
            new { teamId = scenario.TeamId, expectedVersion = version - 1 });

        Assert.Equal(HttpStatusCode.NotFound, unseen.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains($"now version {version}", Message((await stale.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors"), "expectedVersion"));
    }

    [Fact]
    public async Task A_call_without_a_body_is_answered_when_it_names_json_as_its_content_type_as_scripts_send_it()
    {
        var scenario = await RoutingScenario.StartAsync(factory, agents: 1);
        var conversation = (await scenario.OpenAsync(1))[0];
        HttpRequestMessage Bodiless(HttpMethod method, string path) =>
            new(method, path) { Content = new StringContent("", System.Text.Encoding.UTF8, "application/json") };

        Assert.Equal(HttpStatusCode.OK, (await scenario.Admin.SendAsync(Bodiless(HttpMethod.Get, $"/api/routing/assignments/{conversation}"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await scenario.Admin.SendAsync(Bodiless(HttpMethod.Get, $"/api/routing/agents/{scenario.Agents[0]}"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await scenario.Admin.SendAsync(Bodiless(HttpMethod.Get, $"/api/routing/teams/{scenario.TeamId}/queue"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await scenario.Admin.SendAsync(Bodiless(HttpMethod.Get, "/api/routing/notifications"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await scenario.Admin.SendAsync(Bodiless(HttpMethod.Delete, $"/api/routing/rules/{Guid.NewGuid()}"))).StatusCode);
    }

    private static async Task<JsonElement> RefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
    }

    private static string Message(JsonElement errors, string field) =>
        errors.TryGetProperty(field, out var messages) ? messages[0].GetString()! : throw new Xunit.Sdk.XunitException($"no error for \"{field}\" in {errors}");
}
