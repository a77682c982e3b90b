using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MailHub.Conversations.Tests;

/// <summary>
/// The sandbox's "accept, then bounce" (PUT /api/sandbox/chaos, an outbound bounce rule) end to end: an agent's reply is captured,
/// the sandbox's delivery status notification comes back into the mailbox, and the reply is marked failed with the report's status
/// and diagnostic, with no provider anywhere.
/// </summary>
public sealed class SandboxBounceTests(ConversationsHost host) : IClassFixture<ConversationsHost>
{
    [Fact]
    public async Task An_outbound_bounce_rule_turns_an_agents_reply_into_failed_with_the_dsn_status()
    {
        var client = await host.CreateClientAsync();
        var rules = new[] { new { direction = "outbound", pattern = "*@example.com", action = "bounce", status = "5.2.1", text = "Mailbox disabled (QA)" } };
        Assert.True((await client.PutAsJsonAsync("/api/sandbox/chaos", new { rules })).IsSuccessStatusCode);

        await host.DeliverAsync(await Mails.FromCustomerAsync("Bounce me C3", "Please answer."));
        var conversation = await ConversationsHost.ConversationWithAsync(client,
            m => m.GetProperty("subject").GetString() == "Bounce me C3", "the conversation");
        var id = conversation.GetProperty("id").GetGuid();
        var reply = await client.PostAsJsonAsync($"/api/conversations/{id}/replies", new { text = "Here is the answer." });
        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);

        var failed = await ConversationsHost.EventuallyAsync<JsonElement?>(async () =>
        {
            var detail = await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}");
            var outbound = detail.GetProperty("messages").EnumerateArray().FirstOrDefault(m => m.GetProperty("direction").GetString() == "outbound");
            return outbound.ValueKind == JsonValueKind.Object && outbound.GetProperty("delivery").GetProperty("state").GetString() == "failed" ? outbound : null;
        }, "the reply marked failed by the sandbox's bounce");
        var detail = failed!.Value.GetProperty("delivery").GetProperty("detail").GetString();
        Assert.Contains("5.2.1", detail, StringComparison.Ordinal);
        Assert.Contains("Mailbox disabled (QA)", detail, StringComparison.Ordinal);

        // The reply itself was captured (accepted), as a provider accepts what it bounces later.
        var captured = await client.GetFromJsonAsync<JsonElement>("/api/sandbox/messages?subject=" + Uri.EscapeDataString("Bounce me C3"));
        Assert.Equal(1, captured.GetProperty("total").GetInt64());
        await client.PutAsJsonAsync("/api/sandbox/chaos", new { rules = Array.Empty<object>() });
    }
}
