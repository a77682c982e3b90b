using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MailHub.Conversations.Tests;

/// <summary>
/// Canned replies by scope (everyone's, a team's, an agent's own): who sees them in their list and who may write them; the
/// live preview while one is written; admins reading every signature and setting an agent's.
/// </summary>
public sealed class CannedReplyTests(TeamDeskHost host) : IClassFixture<TeamDeskHost>
{
    [Fact]
    public async Task A_team_reply_is_its_agents_and_a_personal_one_its_owners_alone()
    {
        using var admin = await host.CreateClientAsync();
        using var agentA = await host.SignInAsync(host.AgentA);
        using var agentB = await host.SignInAsync(host.AgentB);
        using var supervisor = await host.SignInAsync(host.Supervisor);

        var team = await CreatedAsync(await supervisor.PostAsJsonAsync("/api/conversations/templates",
            new { name = "售后 退款 " + Guid.NewGuid().ToString("N")[..6], text = "您好 {{customer.name}}", scope = "team", teamId = host.TeamA }));
        var personal = await CreatedAsync(await agentA.PostAsJsonAsync("/api/conversations/templates",
            new { name = "我的 " + Guid.NewGuid().ToString("N")[..6], text = "稍等，{{agent.name}}", scope = "personal" }));

        Assert.Equal("team", team.GetProperty("scope").GetString());
        Assert.Equal(host.TeamA, team.GetProperty("teamId").GetGuid());
        Assert.Equal("personal", personal.GetProperty("scope").GetString());
        Assert.Equal(host.AgentA, personal.GetProperty("ownerId").GetGuid());
        var ofA = await IdsAsync(agentA);
        var ofB = await IdsAsync(agentB);
        var ofAdmin = await IdsAsync(admin);
        Assert.Contains(Id(team), ofA);
        Assert.Contains(Id(personal), ofA);
        Assert.DoesNotContain(Id(team), ofB);
        Assert.DoesNotContain(Id(personal), ofB);
        Assert.Contains(Id(team), ofAdmin);
        Assert.DoesNotContain(Id(personal), ofAdmin);
        Assert.Equal(HttpStatusCode.NotFound, (await agentB.GetAsync($"/api/conversations/templates/{Id(personal)}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agentB.DeleteAsync($"/api/conversations/templates/{Id(team)}")).StatusCode);
    }

    [Fact]
    public async Task An_agent_writes_their_own_replies_but_not_a_teams_or_everyones()
    {
        using var admin = await host.CreateClientAsync();
        using var agentA = await host.SignInAsync(host.AgentA);
        var team = await CreatedAsync(await admin.PostAsJsonAsync("/api/conversations/templates",
            new { name = "团队 " + Guid.NewGuid().ToString("N")[..6], text = "谢谢", scope = "team", teamId = host.TeamA }));

        var shared = await agentA.PostAsJsonAsync("/api/conversations/templates", new { name = "共享", text = "x" });
        var changed = await agentA.PutAsJsonAsync($"/api/conversations/templates/{Id(team)}", new { name = "改", text = "y", scope = "personal" });
        var deleted = await agentA.DeleteAsync($"/api/conversations/templates/{Id(team)}");
        var own = await CreatedAsync(await agentA.PostAsJsonAsync("/api/conversations/templates", new { name = "自己的", text = "x", scope = "personal" }));
        var ownChanged = await agentA.PutAsJsonAsync($"/api/conversations/templates/{Id(own)}", new { name = "自己的 2", text = "z", scope = "personal" });

        Assert.Equal(HttpStatusCode.Forbidden, shared.StatusCode);
        Assert.Contains("admins and supervisors", await shared.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ownChanged.StatusCode);
        Assert.Equal("z", (await ownChanged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await agentA.DeleteAsync($"/api/conversations/templates/{Id(own)}")).StatusCode);
    }

    [Fact]
    public async Task A_team_reply_needs_a_team_the_directory_holds_and_no_other_scope_takes_one()
    {
        using var admin = await host.CreateClientAsync();
        var stranger = Guid.NewGuid();

        var noTeam = await admin.PostAsJsonAsync("/api/conversations/templates", new { name = "x", text = "x", scope = "team" });
        var sharedWithTeam = await admin.PostAsJsonAsync("/api/conversations/templates", new { name = "x", text = "x", teamId = host.TeamA });
        var unknownTeam = await admin.PostAsJsonAsync("/api/conversations/templates", new { name = "x", text = "x", scope = "team", teamId = stranger });

        Assert.Equal(HttpStatusCode.BadRequest, noTeam.StatusCode);
        Assert.Contains("Choose the team of a team reply", await noTeam.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, sharedWithTeam.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownTeam.StatusCode);
        Assert.Contains(stranger.ToString(), await unknownTeam.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_preview_fills_the_sample_values_and_the_callers_name_and_leaves_the_rest_as_written()
    {
        using var admin = await host.CreateClientAsync();

        var response = await admin.PostAsJsonAsync("/api/conversations/templates/preview", new
        {
            text = "{{customer.name}} 您好，工单 #{{conversation.number}} 由 {{agent.name}} 处理。{{customer.email}}",
            html = "<p>{{customer.name}}</p>", customerName = "张<三>", conversationNumber = "1024",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rendered = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("张<三> 您好，工单 #1024 由 Administrator 处理。{{customer.email}}", rendered.GetProperty("text").GetString());
        Assert.Equal("<p>张&lt;三&gt;</p>", rendered.GetProperty("html").GetString());
    }

    [Fact]
    public async Task An_admin_reads_every_signature_and_sets_an_agents_but_an_agent_does_neither()
    {
        using var admin = await host.CreateClientAsync();
        using var agentA = await host.SignInAsync(host.AgentA);

        var set = await admin.PutAsJsonAsync($"/api/conversations/signatures/agents/{host.AgentA}", new { text = "售后 小李\n400-800-1234" });
        var unknown = await admin.PutAsJsonAsync($"/api/conversations/signatures/agents/{Guid.NewGuid()}", new { text = "x" });
        var byAgent = await agentA.PutAsJsonAsync($"/api/conversations/signatures/agents/{host.AgentA}", new { text = "x" });
        var listed = await admin.GetFromJsonAsync<JsonElement>("/api/conversations/signatures");

        Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byAgent.StatusCode);
        var signature = Assert.Single(listed.EnumerateArray(), s => s.GetProperty("ownerId").GetGuid() == host.AgentA);
        Assert.Equal("agent", signature.GetProperty("owner").GetString());
        Assert.Equal("售后 小李\n400-800-1234", signature.GetProperty("text").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await agentA.GetAsync("/api/conversations/signatures")).StatusCode);
    }

    private static Guid Id(JsonElement template) => template.GetProperty("id").GetGuid();

    private static async Task<JsonElement> CreatedAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<List<Guid>> IdsAsync(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<JsonElement>("/api/conversations/templates")).EnumerateArray().Select(Id)];
}
