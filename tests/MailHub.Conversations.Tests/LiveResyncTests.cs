using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Testing;

namespace MailHub.Conversations.Tests;

/// <summary>
/// The node holding the fan-out grain goes away under open consoles on another node: pushes made meanwhile may be
/// lost, so those consoles are told to re-read, and what is published afterwards reaches them again.
/// </summary>
public sealed class LiveResyncTests
{
    [Fact]
    public async Task When_the_node_holding_the_fan_out_grain_stops_consoles_on_the_other_node_are_told_to_resync_and_hear_changes_again()
    {
        var nodeA = new ConversationsHost();
        nodeA.Settings["MailHub:Live:RefreshInterval"] = "00:00:01";
        // Node A starts first and subscribes before it serves: the fan-out grain is placed on the node that calls it first.
        await nodeA.InitializeAsync();
        await using var nodeB = new SecondNode(nodeA);
        nodeB.Settings["MailHub:Live:RefreshInterval"] = "00:00:01";
        try
        {
            using (var adminOnA = await nodeA.CreateClientAsync())
                await nodeA.DeliverAsync(await Mails.FromCustomerAsync("Live resync R1", "你好"));
            using var consoleOnB = await nodeB.CreateClientAsync();
            var conversation = await ConversationsHost.EventuallyAsync<Guid?>(async () =>
            {
                var list = await consoleOnB.GetFromJsonAsync<JsonElement>("/api/conversations?limit=200");
                return list.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("subject").GetString() == "Live resync R1")
                    .Select(i => (Guid?)i.GetProperty("id").GetGuid()).FirstOrDefault();
            }, "the conversation") ?? throw new InvalidOperationException();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            using var stream = await ServerSentEvents.OpenAsync(consoleOnB, "/api/events/stream", timeout.Token);
            await using var live = await LiveConnection.OpenAsync(nodeB, consoleOnB, timeout.Token);

            await nodeA.DisposeAsync();

            var resync = await stream.WaitForAsync("resync", _ => true, "\"resync\" event after the fan-out grain's node stopped", timeout.Token);
            Assert.Contains("re-read", resync.GetProperty("reason").GetString(), StringComparison.Ordinal);
            await live.WaitForAsync("resync", _ => true, "\"resync\" message after the fan-out grain's node stopped", timeout.Token);

            // The fan-out grain lives on node B now: a note added there reaches both consoles.
            Assert.Equal(HttpStatusCode.Created, (await consoleOnB.PostAsJsonAsync($"/api/conversations/{conversation}/notes", new { text = "还在吗" })).StatusCode);
            await stream.WaitForAsync("conversation", c => c.GetProperty("conversationId").GetGuid() == conversation,
                "\"conversation\" event for the note added after the move", timeout.Token);
            await live.WaitForAsync("conversation", c => c.GetProperty("conversationId").GetGuid() == conversation,
                "\"conversation\" message for the note added after the move", timeout.Token);
        }
        finally
        {
            await nodeA.DisposeAsync();
        }
    }
}
