using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Routing.Contracts;
using MailHub.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace MailHub.Routing.Tests;

public sealed class AccessAndTransferTests(MailHubFactory factory) : IClassFixture<MailHubFactory>
{
    [Fact]
    public async Task An_agent_cannot_see_or_assign_a_conversation_of_another_team()
    {
        var scenario = await RoutingScenario.StartAsync(factory, agents: 1);
        var insider = scenario.Agents[0];
        var otherTeam = await scenario.CreateTeamAsync("other-team");
        var outsider = await scenario.CreateAgentAsync(otherTeam);
        var conversation = (await scenario.OpenAsync(1))[0];
        var access = factory.Services.GetRequiredService<IConversationAccess>();

        Assert.False(await access.CanSeeAsync(outsider, conversation));
        Assert.True(await access.CanSeeAsync(insider, conversation));
        var outsiderClient = await scenario.LoginAsync(outsider);
        Assert.Equal(HttpStatusCode.Forbidden, (await outsiderClient.GetAsync($"/api/routing/assignments/{conversation}")).StatusCode);
        var grab = await outsiderClient.PostAsJsonAsync($"/api/conversations/{conversation}/assign", new { agentId = outsider });
        Assert.Equal(HttpStatusCode.Forbidden, grab.StatusCode);
        Assert.Equal(insider, await scenario.AgentOfAsync(conversation));

        var admin = await scenario.Admin.GetFromJsonAsync<JsonElement>($"/api/routing/assignments/{conversation}");
        Assert.Equal(insider, admin.GetProperty("assignee").GetProperty("id").GetGuid());
        Assert.Equal(scenario.TeamId, admin.GetProperty("team").GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task A_transfer_with_a_note_moves_the_conversation_and_notifies_the_receiving_agent_live()
    {
        var scenario = await RoutingScenario.StartAsync(factory, agents: 1);
        var sender = scenario.Agents[0];
        var secondLine = await scenario.CreateTeamAsync("二线");
        var receiver = await scenario.CreateAgentAsync(secondLine);
        var conversation = (await scenario.OpenAsync(1))[0];
        var receiverClient = await scenario.LoginAsync(receiver);
        using var listening = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var live = await LiveConnection.OpenAsync(factory, receiverClient, listening.Token);

        var senderClient = await scenario.LoginAsync(sender);
        var response = await senderClient.PostAsJsonAsync($"/api/conversations/{conversation}/transfer",
            new { agentId = receiver, note = "客户要求退款，请跟进" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var assignment = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(receiver, assignment.GetProperty("assignee").GetProperty("id").GetGuid());
        Assert.Equal(secondLine, assignment.GetProperty("team").GetProperty("id").GetGuid());
        var pushed = await live.WaitForAsync("notification", _ => true, "\"notification\" for the transfer", listening.Token);
        Assert.Equal("客户要求退款，请跟进", pushed.GetProperty("note").GetString());
        Assert.Equal(sender, pushed.GetProperty("from").GetGuid());

        Assert.Equal("transferred", pushed.GetProperty("kind").GetString());
        var recorded = await receiverClient.GetFromJsonAsync<JsonElement>("/api/routing/notifications");
        Assert.Equal(1, recorded.GetProperty("unread").GetInt32());
        var first = recorded.GetProperty("items")[0];
        Assert.Equal("transferred", first.GetProperty("kind").GetString());
        Assert.Equal(conversation, first.GetProperty("conversationId").GetGuid());
        Assert.Equal("Where is my order? #0", first.GetProperty("subject").GetString());
        var events = await factory.Services.GetRequiredService<IDocumentStore>().ReadStreamAsync<ConversationAssigned>(RoutingEvents.StreamOf(conversation));
        var transferred = events[^1];
        Assert.Equal(AssignmentKind.Transfer, transferred.Kind);
        Assert.Equal("客户要求退款，请跟进", transferred.Note);
        Assert.Equal(sender, transferred.By);
        // The sender's team no longer holds it: the sender lost sight of it.
        Assert.Equal(HttpStatusCode.Forbidden, (await senderClient.GetAsync($"/api/routing/assignments/{conversation}")).StatusCode);
    }

    [Fact]
    public async Task An_agent_sets_their_own_presence_but_not_someone_elses()
    {
        var scenario = await RoutingScenario.StartAsync(factory, agents: 2, status: "offline");
        var agent = await scenario.LoginAsync(scenario.Agents[0]);

        var own = await agent.PutAsJsonAsync($"/api/routing/agents/{scenario.Agents[0]}/presence", new { status = "away", capacity = 5 });
        var other = await agent.PutAsJsonAsync($"/api/routing/agents/{scenario.Agents[1]}/presence", new { status = "online" });
        var invalid = await agent.PutAsJsonAsync($"/api/routing/agents/{scenario.Agents[0]}/presence", new { status = "asleep" });

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var presence = await own.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("away", presence.GetProperty("status").GetString());
        Assert.Equal(5, presence.GetProperty("capacity").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }
}
