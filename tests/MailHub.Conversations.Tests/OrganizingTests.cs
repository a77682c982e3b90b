using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Testing;

namespace MailHub.Conversations.Tests;

/// <summary>Tags, priority, the list's new filters and sorts, and the history an agent reads.</summary>
public sealed class OrganizingTests(ConversationsHost host) : IClassFixture<ConversationsHost>
{
    [Fact]
    public async Task Tags_and_priority_show_in_the_list_filter_it_and_push_a_live_change()
    {
        var client = await host.CreateClientAsync();
        var tagged = await host.DeliverConversationAsync(client, "Invoice missing T1", "Where is my invoice?");
        var other = await host.DeliverConversationAsync(client, "Invoice missing T2", "Me too.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var live = await LiveConnection.OpenAsync(host, client, timeout.Token);

        var tags = await client.PutAsJsonAsync($"/api/conversations/{tagged}/tags", new { tags = new[] { " 发票 ", "VIP", "vip", "billing" } });
        Assert.Equal(HttpStatusCode.OK, tags.StatusCode);
        Assert.Equal(["发票", "VIP", "billing"], (await tags.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        await live.WaitForAsync("conversation", c => c.GetProperty("conversationId").GetGuid() == tagged && c.GetProperty("change").GetString() == "tags",
            "the tags' live change", timeout.Token);
        var priority = await client.PutAsJsonAsync($"/api/conversations/{tagged}/priority", new { priority = "urgent" });
        Assert.Equal(HttpStatusCode.OK, priority.StatusCode);
        await live.WaitForAsync("conversation", c => c.GetProperty("conversationId").GetGuid() == tagged && c.GetProperty("change").GetString() == "priority",
            "the priority's live change", timeout.Token);

        var byTag = await ListAsync(client, "?tag=" + Uri.EscapeDataString("发票"));
        Assert.Equal([tagged], byTag.Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal("urgent", byTag[0].GetProperty("priority").GetString());
        Assert.Equal(["发票", "VIP", "billing"], byTag[0].GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal([tagged], (await ListAsync(client, "?priority=urgent")).Select(i => i.GetProperty("id").GetGuid()));
        var normal = await ListAsync(client, "?priority=normal&limit=200");
        Assert.Contains(normal, i => i.GetProperty("id").GetGuid() == other);
        Assert.DoesNotContain(normal, i => i.GetProperty("id").GetGuid() == tagged);

        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{tagged}");
        Assert.Equal("urgent", detail.GetProperty("priority").GetString());
        Assert.Equal(3, detail.GetProperty("tags").GetArrayLength());

        var history = (await HistoryAsync(client, tagged)).Where(h => h.GetProperty("kind").GetString() != "assigned").ToList();
        Assert.Equal(["opened", "tagged", "priority"], history.Select(h => h.GetProperty("kind").GetString()));
        Assert.Equal("发票, VIP, billing", history[1].GetProperty("detail").GetString());
        Assert.Equal("urgent", history[2].GetProperty("detail").GetString());
        Assert.False(string.IsNullOrEmpty(history[2].GetProperty("byName").GetString()));
        Assert.Equal(JsonValueKind.String, history[2].GetProperty("byId").ValueKind);

        // Empty tags remove them all; a bad priority or an overlong tag is refused with the field named.
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"/api/conversations/{tagged}/tags", new { tags = Array.Empty<string>() })).StatusCode);
        Assert.Empty(await ListAsync(client, "?tag=" + Uri.EscapeDataString("发票")));
        var badPriority = await client.PutAsJsonAsync($"/api/conversations/{tagged}/priority", new { priority = "asap" });
        Assert.Equal(HttpStatusCode.BadRequest, badPriority.StatusCode);
        var longTag = await client.PutAsJsonAsync($"/api/conversations/{tagged}/tags", new { tags = new[] { new string('x', 41) } });
        Assert.Equal(HttpStatusCode.BadRequest, longTag.StatusCode);
        Assert.Contains("tags", (await longTag.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().First().Name, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/conversations?priority=asap")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsJsonAsync($"/api/conversations/{Guid.NewGuid()}/tags", new { tags = new[] { "x" } })).StatusCode);
    }

    [Fact]
    public async Task Waiting_longest_sorts_by_the_customers_oldest_unanswered_message_and_pages_on_its_cursor()
    {
        var client = await host.CreateClientAsync();
        var first = await host.DeliverConversationAsync(client, "Waiting W1", "first");
        var second = await host.DeliverConversationAsync(client, "Waiting W2", "second");
        var answered = await host.DeliverConversationAsync(client, "Waiting W3", "third");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/conversations/{answered}/replies", new { text = "Done." })).StatusCode);

        var summary = (await ListAsync(client, "?limit=200")).Single(i => i.GetProperty("id").GetGuid() == answered);
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("waitingSince").ValueKind);
        var waiting = (await ListAsync(client, "?limit=200")).Single(i => i.GetProperty("id").GetGuid() == first);
        Assert.Equal(JsonValueKind.String, waiting.GetProperty("waitingSince").ValueKind);

        // One at a time through the cursor: the order is the waiting order, the answered one after every waiting one.
        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>("/api/conversations?sort=waiting&limit=1" + (cursor is null ? "" : "&cursor=" + cursor));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("next").GetString();
        }
        while (cursor is not null);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.True(seen.IndexOf(first) < seen.IndexOf(second), "the older wait comes first");
        Assert.True(seen.IndexOf(second) < seen.IndexOf(answered), "a conversation nobody waits on comes after the waiting ones");

        // A cursor of the other sort is refused, not misread.
        var latest = await client.GetFromJsonAsync<JsonElement>("/api/conversations?limit=1");
        Assert.Equal(HttpStatusCode.BadRequest,
            (await client.GetAsync("/api/conversations?sort=waiting&cursor=" + latest.GetProperty("next").GetString())).StatusCode);
    }

    private static async Task<List<JsonElement>> ListAsync(HttpClient client, string query) =>
        [.. (await client.GetFromJsonAsync<JsonElement>("/api/conversations" + query)).GetProperty("items").EnumerateArray()];

    internal static async Task<List<JsonElement>> HistoryAsync(HttpClient client, Guid id) =>
        [.. (await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}/history")).GetProperty("items").EnumerateArray()];
}
