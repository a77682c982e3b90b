using MailHub.Testing;

namespace MailHub.Conversations.Tests;

/// <summary>
/// The node holding the fan-out grain goes away under open consoles on another node: pushes made meanwhile are lost,
/// so those consoles are told to re-read.
/// </summary>
public sealed class LiveResyncTests
{
    [Fact]
    public async Task When_the_node_holding_the_fan_out_grain_stops_consoles_on_the_other_node_are_told_to_resync()
    {
        var nodeA = new MailHubFactory();
        nodeA.Settings["MailHub:Live:RefreshInterval"] = "00:00:01";
        await nodeA.InitializeAsync();
        await using var nodeB = new SecondNode(nodeA);
        nodeB.Settings["MailHub:Live:RefreshInterval"] = "00:00:01";
        try
        {
            // Node A starts first and subscribes before it serves: the fan-out grain is placed on the node that calls it first.
            (await nodeA.CreateClientAsync()).Dispose();
            using var consoleOnB = await nodeB.CreateClientAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            using var stream = await ServerSentEvents.OpenAsync(consoleOnB, "/api/events/stream", timeout.Token);
            await using var live = await LiveConnection.OpenAsync(nodeB, consoleOnB, timeout.Token);

            await nodeA.DisposeAsync();

            var resync = await stream.WaitForAsync("resync", _ => true, "\"resync\" event after the fan-out grain's node stopped", timeout.Token);
            Assert.Contains("re-read", resync.GetProperty("reason").GetString(), StringComparison.Ordinal);
            await live.WaitForAsync("resync", _ => true, "\"resync\" message after the fan-out grain's node stopped", timeout.Token);
        }
        finally
        {
            await nodeA.DisposeAsync();
        }
    }
}
