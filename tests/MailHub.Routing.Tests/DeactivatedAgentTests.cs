using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Testing;

namespace MailHub.Routing.Tests;

/// <summary>A deactivated member (POST /api/directory/members/{id}/deactivate) is given nothing, and keeps what they had.</summary>
public sealed class DeactivatedAgentTests(MailHubFactory factory) : IClassFixture<MailHubFactory>
{
    [Fact]
    public async Task A_deactivated_agent_keeps_their_conversations_but_gets_no_new_one_by_round_robin_or_by_hand()
    {
        var scenario = await RoutingScenario.StartAsync(factory, agents: 2);
        var before = await scenario.OpenAsync(4);
        var leaving = scenario.Agents[0];
        var staying = scenario.Agents[1];
        var theirs = new List<Guid>();
        foreach (var id in before)
        {
            if (await scenario.AgentOfAsync(id) == leaving)
                theirs.Add(id);
        }
        Assert.Equal(2, theirs.Count);

        Assert.Equal(HttpStatusCode.OK, (await scenario.Admin.PostAsync($"/api/directory/members/{leaving}/deactivate", null)).StatusCode);
        var after = await scenario.OpenAsync(4);

        foreach (var id in after)
            Assert.Equal(staying, await scenario.AgentOfAsync(id));
        foreach (var id in theirs)
            Assert.Equal(leaving, await scenario.AgentOfAsync(id));
        var byHand = await scenario.Admin.PostAsJsonAsync($"/api/conversations/{after[0]}/assign", new { agentId = leaving });
        Assert.Equal(HttpStatusCode.BadRequest, byHand.StatusCode);
        var message = (await byHand.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("agentId")[0].GetString();
        Assert.Contains("deactivated", message);
        Assert.Equal(staying, await scenario.AgentOfAsync(after[0]));
    }

    [Fact]
    public async Task A_rule_naming_a_deactivated_agent_sends_the_conversation_to_their_team_instead()
    {
        var scenario = await RoutingScenario.StartAsync(factory, agents: 2, strategy: "manual");
        var named = scenario.Agents[0];
        var rule = await scenario.Admin.PostAsJsonAsync("/api/routing/rules", new
        {
            name = "to one agent", order = 0, conditions = new { mailboxIds = new[] { scenario.MailboxId } }, assignTo = new { agentId = named },
        });
        Assert.Equal(HttpStatusCode.Created, rule.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await scenario.Admin.PostAsync($"/api/directory/members/{named}/deactivate", null)).StatusCode);

        var conversation = (await scenario.OpenAsync(1))[0];

        Assert.Equal(scenario.Agents[1], await scenario.AgentOfAsync(conversation));
    }
}
