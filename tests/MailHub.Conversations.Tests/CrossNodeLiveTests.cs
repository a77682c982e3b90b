using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Testing;

namespace MailHub.Conversations.Tests;

public sealed class CrossNodeLiveTests(ConversationsHost nodeA) : IClassFixture<ConversationsHost>
{
    [Fact]
    public async Task A_note_added_through_node_A_reaches_a_SignalR_console_and_an_event_stream_on_node_B()
    {
        var admin = await nodeA.CreateClientAsync();
        await nodeA.DeliverAsync(await Mails.FromCustomerAsync("Live across nodes L1", "你好"));
        var conversation = await ConversationsHost.EventuallyAsync<Guid?>(async () =>
        {
            var list = await admin.GetFromJsonAsync<JsonElement>("/api/conversations?limit=200");
            return list.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("subject").GetString() == "Live across nodes L1")
                .Select(i => (Guid?)i.GetProperty("id").GetGuid()).FirstOrDefault();
        }, "the conversation") ?? throw new InvalidOperationException();

        await using var nodeB = new SecondNode(nodeA);
        using var consoleOnB = await nodeB.CreateClientAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var stream = await ServerSentEvents.OpenAsync(consoleOnB, "/api/events/stream", timeout.Token);
        await using var live = await LiveConnection.OpenAsync(nodeB, consoleOnB, timeout.Token);

        // The note is written by node A's request; once it committed, node A publishes through the fan-out grain.
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/conversations/{conversation}/notes", new { text = "跟进中" })).StatusCode);

        var change = await stream.WaitForAsync("conversation", c => c.GetProperty("conversationId").GetGuid() == conversation,
            "\"conversation\" event for the note added on node A", timeout.Token);
        Assert.Equal("note", change.GetProperty("change").GetString());
        var pushed = await live.WaitForAsync("conversation", c => c.GetProperty("conversationId").GetGuid() == conversation,
            "\"conversation\" message for the note added on node A", timeout.Token);
        Assert.Equal("note", pushed.GetProperty("change").GetString());
    }
}
