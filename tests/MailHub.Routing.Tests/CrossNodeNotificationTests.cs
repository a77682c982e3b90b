using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Testing;
using Microsoft.AspNetCore.Hosting;

namespace MailHub.Routing.Tests;

/// <summary>Two hosts on one database stand for two MailHub nodes; a console is connected to one, the change made on the other.</summary>
public sealed class CrossNodeNotificationTests(MailHubFactory nodeA) : IClassFixture<MailHubFactory>
{
    [Fact]
    public async Task A_transfer_made_on_node_A_reaches_the_receiving_agents_event_stream_on_node_B()
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
        using var response = await receiverOnB.GetAsync(new Uri("/api/events/stream", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead,
            timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var stream = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        Assert.Equal("ready", (await NextEventAsync(stream, timeout.Token)).Name); // B's stream is listening before A changes anything

        var transfer = await senderOnA.PostAsJsonAsync($"/api/conversations/{conversation}/transfer",
            new { agentId = receiver, note = "客户要求退款，请跟进" }, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, transfer.StatusCode);

        // Conversation changes may come first; the assignment notification must follow, on node B.
        var data = await NextAssignmentAsync(stream, timeout.Token);
        Assert.Equal(receiver, data.GetProperty("agentId").GetGuid());
        Assert.Equal(conversation, data.GetProperty("conversationId").GetGuid());
        Assert.Equal("transfer", data.GetProperty("kind").GetString());
        Assert.Equal(sender, data.GetProperty("from").GetGuid());
        Assert.Equal("客户要求退款，请跟进", data.GetProperty("note").GetString());
        Assert.StartsWith("Agent agent", data.GetProperty("fromName").GetString(), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> NextAssignmentAsync(StreamReader stream, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var (name, data) = await NextEventAsync(stream, cancellationToken);
                if (name == "assignment")
                    return data;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Assert.Fail("Node B's event stream got no \"assignment\" event for the transfer made on node A within 30 s.");
            throw;
        }
    }

    /// <summary>The next server-sent event (the text/event-stream format of the WHATWG HTML standard): its name and JSON data.</summary>
    private static async Task<(string Name, JsonElement Data)> NextEventAsync(StreamReader stream, CancellationToken cancellationToken)
    {
        string name = "message", data = "";
        while (await stream.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0 && data.Length > 0)
                return (name, JsonDocument.Parse(data).RootElement.Clone());
            if (line.StartsWith("event:", StringComparison.Ordinal))
                name = line["event:".Length..].Trim();
            else if (line.StartsWith("data:", StringComparison.Ordinal))
                data += line["data:".Length..].Trim();
        }
        throw new EndOfStreamException("The event stream ended.");
    }

    /// <summary>Another host on the first one's database.</summary>
    private sealed class SecondNode(MailHubFactory first) : MailHubFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("ConnectionStrings:MailHub", first.ConnectionString);
        }
    }
}
