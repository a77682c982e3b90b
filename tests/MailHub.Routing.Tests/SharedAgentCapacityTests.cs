using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Conversations.Contracts;
using MailHub.Routing.Assignment;
using MailHub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MailHub.Routing.Tests;

/// <summary>
/// Each team's queue grain keeps its own turn, but an agent in two teams is counted once, by the agent's grain, which
/// both teams' grains ask for a place. Two routing engines stand for two nodes.
/// </summary>
public sealed class SharedAgentCapacityTests(MailHubFactory factory) : IClassFixture<MailHubFactory>
{
    private AssignmentEngine NewNode() => ActivatorUtilities.CreateInstance<AssignmentEngine>(factory.Services);

    [Fact]
    public async Task An_agent_in_two_teams_never_goes_past_capacity_when_both_teams_conversations_arrive_at_once_on_two_nodes()
    {
        var first = await RoutingScenario.StartAsync(factory, agents: 1, capacity: 3);
        var second = await RoutingScenario.StartAsync(factory, agents: 1, capacity: 3);
        var shared = await CreateAgentAsync(first.Admin, first.TeamId, second.TeamId);
        await first.SetPresenceAsync(shared, "online", 3);
        var nodes = new[] { NewNode(), NewNode() };

        var arrivals = Enumerable.Range(0, 40).Select(i => new ConversationOpened(Guid.NewGuid(), i, (i % 2 == 0 ? first : second).MailboxId,
            Guid.NewGuid(), $"customer{i}@shop.example", $"Order #{i}", null, "en", DateTimeOffset.UtcNow)).ToList();
        var start = new TaskCompletionSource();
        var routed = arrivals.Select((opened, i) => Task.Run(async () =>
        {
            await start.Task;
            await nodes[i % 2].OnOpenedAsync(opened, CancellationToken.None);
        })).ToList();
        start.SetResult();
        await Task.WhenAll(routed);

        var ids = arrivals.Select(a => a.ConversationId).ToList();
        var open = await OpenOfAsync(first, [first.Agents[0], second.Agents[0], shared]);
        Assert.Equal([3L, 3L, 3L], open);
        Assert.Equal(40 - 9, await first.CountAsync(
            "SELECT count(*) FROM routing.assignments WHERE conversation_id = ANY($1) AND agent_id IS NULL AND team_id IS NOT NULL", ids));
    }

    private static async Task<List<long>> OpenOfAsync(RoutingScenario scenario, Guid[] agents)
    {
        var counts = new List<long>();
        foreach (var agent in agents)
            counts.Add(await scenario.CountAsync("SELECT count(*) FROM routing.assignments WHERE agent_id = ANY($1) AND state = 'open'", [agent]));
        return counts;
    }

    private static async Task<Guid> CreateAgentAsync(HttpClient admin, params Guid[] teams)
    {
        var account = "shared" + Guid.NewGuid().ToString("N")[..12];
        var response = await admin.PostAsJsonAsync("/api/directory/members", new
        {
            account, name = "Agent " + account, email = $"{account}@example.cn", password = RoutingScenario.Password, role = "agent",
            departmentIds = teams,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
