using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MailHub.Conversations.Tests;

/// <summary>The list's views and counts as each role sees them, and bulk actions that partly fail.</summary>
public sealed class ViewsAndBulkTests(TeamDeskHost desk) : IClassFixture<TeamDeskHost>
{
    [Fact]
    public async Task Each_view_lists_and_counts_what_its_caller_may_see_and_all_is_refused_to_agents()
    {
        var admin = await desk.CreateClientAsync();
        var conversation = await desk.DeliverConversationAsync(admin, "View V1", "Hello team A");
        await ConversationsHost.EventuallyAsync<string>(async () =>
            (await admin.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}")).GetProperty("assigneeId").ValueKind == JsonValueKind.String
                ? "assigned" : null, "the conversation assigned to agent A");
        var agentA = await desk.SignInAsync(desk.AgentA);
        var agentB = await desk.SignInAsync(desk.AgentB);
        var supervisor = await desk.SignInAsync(desk.Supervisor);

        var summary = (await IdsAsync(agentA, "?view=mine")).Single(i => i.Id == conversation).Item;
        Assert.Equal(desk.AgentA, summary.GetProperty("assigneeId").GetGuid());
        Assert.Equal(desk.TeamA, summary.GetProperty("teamId").GetGuid());
        Assert.Contains(conversation, (await IdsAsync(agentA, "?view=teams")).Select(i => i.Id));
        Assert.DoesNotContain(conversation, (await IdsAsync(agentA, "?view=unassigned")).Select(i => i.Id));
        foreach (var view in (string[])["mine", "teams", "unassigned"])
            Assert.DoesNotContain(conversation, (await IdsAsync(agentB, "?view=" + view)).Select(i => i.Id));
        var refused = await agentB.GetAsync("/api/conversations?view=all");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("supervisors", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(conversation, (await IdsAsync(supervisor, "?view=all")).Select(i => i.Id));
        Assert.DoesNotContain(conversation, (await IdsAsync(supervisor, "?view=teams")).Select(i => i.Id)); // the supervisor's team is B

        var countsA = await agentA.GetFromJsonAsync<JsonElement>("/api/conversations/counts?status=open");
        Assert.True(countsA.GetProperty("mine").GetInt64() >= 1);
        Assert.True(countsA.GetProperty("teams").GetInt64() >= 1);
        Assert.Equal(JsonValueKind.Null, countsA.GetProperty("all").ValueKind);
        var countsB = await agentB.GetFromJsonAsync<JsonElement>("/api/conversations/counts");
        Assert.Equal(0, countsB.GetProperty("mine").GetInt64());
        Assert.Equal(0, countsB.GetProperty("teams").GetInt64());
        Assert.Equal(0, countsB.GetProperty("unassigned").GetInt64());
        var countsSupervisor = await supervisor.GetFromJsonAsync<JsonElement>("/api/conversations/counts?status=open");
        Assert.True(countsSupervisor.GetProperty("all").GetInt64() >= countsA.GetProperty("mine").GetInt64());
        Assert.Equal(HttpStatusCode.BadRequest, (await agentA.GetAsync("/api/conversations/counts?status=asleep")).StatusCode);
    }

    [Fact]
    public async Task A_bulk_action_does_what_it_may_and_says_why_for_the_rest()
    {
        var admin = await desk.CreateClientAsync();
        var teamAs = await desk.DeliverConversationAsync(admin, "Bulk B1", "one");
        var movedToB = await desk.DeliverConversationAsync(admin, "Bulk B2", "two");
        var alsoB = await desk.DeliverConversationAsync(admin, "Bulk B3", "three");
        foreach (var id in (Guid[])[teamAs, movedToB, alsoB])
        {
            await ConversationsHost.EventuallyAsync<string>(async () =>
                (await admin.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}")).GetProperty("teamId").ValueKind == JsonValueKind.String
                    ? "routed" : null, "the conversation routed to team A");
        }

        // The admin hands two to team B's agent at once (a transfer with a note), and one id nobody knows.
        var unknown = Guid.NewGuid();
        var transfer = await Bulk(admin, new { ids = new[] { movedToB, alsoB, unknown }, action = "transfer", agentId = desk.AgentB, note = "请跟进" });
        Assert.Equal([true, true, false], transfer.Select(r => r.GetProperty("ok").GetBoolean()));
        Assert.Contains("no conversation", transfer[2].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(desk.AgentB, (await admin.GetFromJsonAsync<JsonElement>($"/api/conversations/{movedToB}")).GetProperty("assigneeId").GetGuid());
        Assert.Equal("transferred", (await OrganizingTests.HistoryAsync(admin, movedToB)).Last().GetProperty("kind").GetString());

        // Agent B tags and closes theirs and team A's: team A's fails, theirs are done.
        var agentB = await desk.SignInAsync(desk.AgentB);
        var tag = await Bulk(agentB, new { ids = new[] { movedToB, teamAs }, action = "tag", tags = new[] { "退款" } });
        Assert.Equal([true, false], tag.Select(r => r.GetProperty("ok").GetBoolean()));
        Assert.Contains("team you are not in", tag[1].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(["退款"], (await admin.GetFromJsonAsync<JsonElement>($"/api/conversations/{movedToB}")).GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement>($"/api/conversations/{teamAs}")).GetProperty("tags").EnumerateArray());
        var close = await Bulk(agentB, new { ids = new[] { teamAs, movedToB, alsoB }, action = "close" });
        Assert.Equal([false, true, true], close.Select(r => r.GetProperty("ok").GetBoolean()));
        Assert.Equal("open", (await admin.GetFromJsonAsync<JsonElement>($"/api/conversations/{teamAs}")).GetProperty("status").GetString());
        Assert.Equal("closed", (await admin.GetFromJsonAsync<JsonElement>($"/api/conversations/{alsoB}")).GetProperty("status").GetString());

        // Assigning a closed one fails on its own; the request's shape is checked first. Routing learns of the close from
        // the conversation's event, a moment after the close answered: wait for it, as an agent's next click would.
        await ConversationsHost.EventuallyAsync<string>(async () =>
            (await admin.GetFromJsonAsync<JsonElement>($"/api/routing/assignments/{alsoB}")).GetProperty("state").GetString() == "closed"
                ? "closed" : null, "Routing to see the close");
        var assign = await Bulk(admin, new { ids = new[] { alsoB, teamAs }, action = "assign", agentId = desk.AgentA });
        Assert.Equal([false, true], assign.Select(r => r.GetProperty("ok").GetBoolean()));
        Assert.Contains("closed", assign[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/conversations/bulk", new { ids = new[] { teamAs }, action = "assign" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/conversations/bulk", new { ids = Array.Empty<Guid>(), action = "close" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await admin.PostAsJsonAsync("/api/conversations/bulk", new { ids = new[] { teamAs }, action = "assign", agentId = Guid.NewGuid() })).StatusCode);
    }

    private static async Task<List<(Guid Id, JsonElement Item)>> IdsAsync(HttpClient client, string query) =>
        [.. (await client.GetFromJsonAsync<JsonElement>("/api/conversations" + query + "&limit=200")).GetProperty("items").EnumerateArray()
            .Select(i => (i.GetProperty("id").GetGuid(), i))];

    private static async Task<List<JsonElement>> Bulk(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/conversations/bulk", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray()];
    }
}
