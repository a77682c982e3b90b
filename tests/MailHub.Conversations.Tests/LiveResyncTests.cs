using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Core.Live;
using MailHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;

namespace MailHub.Conversations.Tests;

/// <summary>
/// The node holding the fan-out grain goes away under open consoles on the other node: pushes made meanwhile may be
/// lost, so those consoles are told to re-read, and what is published afterwards reaches them again.
/// </summary>
public sealed class LiveResyncTests
{
    [Fact]
    public async Task When_the_node_holding_the_fan_out_grain_stops_consoles_on_the_other_node_are_told_to_resync_and_hear_changes_again()
    {
        var nodeA = new ConversationsHost();
        nodeA.Settings["MailHub:Live:RefreshInterval"] = "00:00:01";
        await nodeA.InitializeAsync();
        await using var nodeB = new SecondNode(nodeA);
        nodeB.Settings["MailHub:Live:RefreshInterval"] = "00:00:01";
        try
        {
            using (var adminOnA = await nodeA.CreateClientAsync())
                await nodeA.DeliverAsync(await Mails.FromCustomerAsync("Live resync R1", "你好"));
            // The grain is placed on the node that calls it first, usually A; a membership change can move it. The node
            // that holds it is the one stopped, the consoles are on the other.
            var (siloA, siloB) = (SiloOf(nodeA), SiloOf(nodeB)); // both nodes up (B starts here), both subscribed
            var holder = await HolderOfFanOutAsync(nodeA);
            var (stopped, surviving) = holder == siloA ? ((MailHubFactory)nodeA, (MailHubFactory)nodeB)
                : holder == siloB ? (nodeB, nodeA)
                : throw new InvalidOperationException($"The fan-out grain is on {holder}, neither node.");
            using var console = await surviving.CreateClientAsync();
            var conversation = await ConversationsHost.EventuallyAsync<Guid?>(async () =>
            {
                var list = await console.GetFromJsonAsync<JsonElement>("/api/conversations?limit=200");
                return list.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("subject").GetString() == "Live resync R1")
                    .Select(i => (Guid?)i.GetProperty("id").GetGuid()).FirstOrDefault();
            }, "the conversation") ?? throw new InvalidOperationException();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            using var stream = await ServerSentEvents.OpenAsync(console, "/api/events/stream", timeout.Token);
            await using var live = await LiveConnection.OpenAsync(surviving, console, timeout.Token);

            await stopped.DisposeAsync();

            var resync = await stream.WaitForAsync("resync", _ => true, "\"resync\" event after the fan-out grain's node stopped", timeout.Token);
            Assert.Contains("re-read", resync.GetProperty("reason").GetString(), StringComparison.Ordinal);
            await live.WaitForAsync("resync", _ => true, "\"resync\" message after the fan-out grain's node stopped", timeout.Token);

            // The fan-out grain lives on the surviving node now: a note added there reaches both consoles.
            Assert.Equal(HttpStatusCode.Created, (await console.PostAsJsonAsync($"/api/conversations/{conversation}/notes", new { text = "还在吗" })).StatusCode);
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

    private static SiloAddress SiloOf(MailHubFactory node) => node.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    private static async Task<SiloAddress?> HolderOfFanOutAsync(MailHubFactory node)
    {
        var grains = node.Services.GetRequiredService<IGrainFactory>();
        return await grains.GetGrain<IManagementGrain>(0).GetActivationAddress(grains.GetGrain<ILiveFanOutGrain>(0));
    }
}
