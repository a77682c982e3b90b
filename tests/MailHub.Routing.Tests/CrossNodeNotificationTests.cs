using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Testing;

namespace MailHub.Routing.Tests;

/// <summary>Two hosts on one database stand for two MailHub nodes; a console is connected to one, the change made on the other.</summary>
public sealed class CrossNodeNotificationTests(MailHubFactory nodeA) : IClassFixture<MailHubFactory>
{
    [Fact]
    public async Task A_transfer_made_on_node_A_reaches_the_receiving_agents_consoles_on_node_B()
    {
        var scenario = await RoutingScenario.StartAsync(nodeA, agents: 1);
        var sender = scenario.Agents[0];
        var secondLine = await scenario.CreateTeamAsync("二线-" + Guid.NewGuid().ToString("N")[..6]);
        var receiver = await scenario.CreateAgentAsync(secondLine);
        var conversation = (await scenario.OpenAsync(1))[0];
        var senderOnA = await scenario.LoginAsync(sender);
        var receiverToken = (await scenario.LoginAsync(receiver)).DefaultRequestHeaders.Authorization;

        await using var nodeB = new SecondNode(nodeA);
        using var receiverOnB = nodeB.CreateClient();
        receiverOnB.DefaultRequestHeaders.Authorization = receiverToken; // the key ring is shared: a token reads on every node
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        // Listening before A changes anything: a script's event stream and a console's SignalR connection.
        using var stream = await ServerSentEvents.OpenAsync(receiverOnB, "/api/events/stream", timeout.Token);
        await using var live = await LiveConnection.OpenAsync(nodeB, receiverOnB, timeout.Token);

        var transfer = await senderOnA.PostAsJsonAsync($"/api/conversations/{conversation}/transfer",
            new { agentId = receiver, note = "客户要求退款，请跟进" }, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, transfer.StatusCode);

        // Conversation changes may come first; the assignment notification must follow, on node B, through the agent's grain.
        var data = await stream.WaitForAsync("notification", _ => true, "\"notification\" event for the transfer made on node A", timeout.Token);
        var pushed = await live.WaitForAsync("notification", _ => true, "\"notification\" message for the transfer made on node A", timeout.Token);
        Assert.True(JsonElement.DeepEquals(data, pushed), $"{data} differs from {pushed}");
        Assert.Equal(receiver, data.GetProperty("agentId").GetGuid());
        Assert.Equal(conversation, data.GetProperty("conversationId").GetGuid());
        Assert.Equal("transferred", data.GetProperty("kind").GetString());
        Assert.Equal(sender, data.GetProperty("from").GetGuid());
        Assert.Equal("客户要求退款，请跟进", data.GetProperty("note").GetString());
        Assert.StartsWith("Agent agent", data.GetProperty("fromName").GetString(), StringComparison.Ordinal);
    }
}
