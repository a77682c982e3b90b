using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Testing;

namespace MailHub.Conversations.Tests;

/// <summary>
/// The conversations host whose snooze alarm checks only hourly on its own: a snooze of a second or two that wakes within
/// the test woke through the snooze's signal and the alarm's sleep until the next due time, not the periodic check.
/// </summary>
public sealed class QuickSnoozeHost : ConversationsHost
{
    public QuickSnoozeHost() => Settings["MailHub:Conversations:SnoozeCheckInterval"] = "01:00:00";
}

public sealed class SnoozeAndMergeTests(QuickSnoozeHost host) : IClassFixture<QuickSnoozeHost>
{
    [Fact]
    public async Task A_snoozed_conversation_is_listed_as_snoozed_and_opens_again_on_its_own_when_its_time_comes()
    {
        var client = await host.CreateClientAsync();
        var id = await host.DeliverConversationAsync(client, "Call me back S1", "Tomorrow is fine.");
        var until = DateTimeOffset.UtcNow.AddSeconds(2);

        var snoozed = await client.PostAsJsonAsync($"/api/conversations/{id}/snooze", new { until });
        Assert.Equal(HttpStatusCode.OK, snoozed.StatusCode);
        var listed = (await client.GetFromJsonAsync<JsonElement>("/api/conversations?status=snoozed")).GetProperty("items").EnumerateArray().ToList();
        var item = Assert.Single(listed, i => i.GetProperty("id").GetGuid() == id);
        Assert.Equal("snoozed", item.GetProperty("status").GetString());
        Assert.Equal(until.ToUnixTimeMilliseconds(), item.GetProperty("snoozedUntil").GetDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.DoesNotContain((await client.GetFromJsonAsync<JsonElement>("/api/conversations?status=open&limit=200")).GetProperty("items").EnumerateArray(),
            i => i.GetProperty("id").GetGuid() == id);
        var counts = await client.GetFromJsonAsync<JsonElement>("/api/conversations/counts?status=snoozed");
        Assert.True(counts.GetProperty("all").GetInt64() >= 1);

        // Nobody does anything: the alarm opens it.
        var woken = await ConversationsHost.EventuallyAsync<JsonElement?>(async () =>
        {
            var detail = await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}");
            return detail.GetProperty("status").GetString() == "open" ? detail : null;
        }, "the conversation open again after its snooze");
        Assert.Equal(JsonValueKind.Null, woken!.Value.GetProperty("snoozedUntil").ValueKind);
        var history = await OrganizingTests.HistoryAsync(client, id);
        Assert.Equal("snoozed", history[^2].GetProperty("kind").GetString());
        Assert.Equal("reopened", history[^1].GetProperty("kind").GetString());
        Assert.Equal("snooze-ended", history[^1].GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_customers_mail_wakes_a_snoozed_conversation_and_a_past_time_or_a_closed_one_is_refused()
    {
        var client = await host.CreateClientAsync();
        var id = await host.DeliverConversationAsync(client, "Refund S2", "Please refund.");
        var number = (await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}")).GetProperty("number").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/conversations/{id}/snooze", new { until = DateTimeOffset.UtcNow.AddDays(1) })).StatusCode);

        await host.DeliverAsync(await Mails.FromCustomerAsync($"Re: Refund S2 [#{number}]", "Any news?"));
        await ConversationsHost.EventuallyAsync<string>(async () =>
            (await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}")).GetProperty("status").GetString() == "open" ? "open" : null,
            "the conversation woken by the customer's mail");
        Assert.Equal("customer", (await OrganizingTests.HistoryAsync(client, id)).Last(h => h.GetProperty("kind").GetString() == "reopened")
            .GetProperty("detail").GetString());

        var past = await client.PostAsJsonAsync($"/api/conversations/{id}/snooze", new { until = DateTimeOffset.UtcNow.AddMinutes(-1) });
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.True((await past.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("until", out _));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/conversations/{id}/close", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict,
            (await client.PostAsJsonAsync($"/api/conversations/{id}/snooze", new { until = DateTimeOffset.UtcNow.AddHours(1) })).StatusCode);
    }

    [Fact]
    public async Task Merging_shows_the_source_in_the_targets_thread_closes_it_as_merged_and_its_answers_join_the_target()
    {
        var client = await host.CreateClientAsync();
        var source = await host.DeliverConversationAsync(client, "Order 1 M1", "The first mail.");
        var target = await host.DeliverConversationAsync(client, "Order 1 again M2", "The second mail.");
        var sourceNumber = (await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{source}")).GetProperty("number").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"/api/conversations/{source}/tags", new { tags = new[] { "退款", "vip" } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"/api/conversations/{target}/tags", new { tags = new[] { "vip", "物流" } })).StatusCode);

        var merge = await client.PostAsJsonAsync($"/api/conversations/{source}/merge", new { into = target });
        Assert.Equal(HttpStatusCode.OK, merge.StatusCode);

        var merged = await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{source}");
        Assert.Equal("closed", merged.GetProperty("status").GetString());
        Assert.Equal(target, merged.GetProperty("mergedInto").GetGuid());
        var survivor = await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{target}");
        Assert.Equal(["The first mail.", "The second mail."],
            survivor.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()!.Trim()));
        Assert.Equal(2, survivor.GetProperty("messageCount").GetInt32());
        Assert.Equal(JsonValueKind.Null, survivor.GetProperty("mergedInto").ValueKind);
        // The survivor keeps its own tags and gets the merged one's, each once.
        Assert.Equal(["vip", "物流", "退款"], survivor.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(target.ToString(), (await OrganizingTests.HistoryAsync(client, source)).Last().GetProperty("detail").GetString());
        Assert.Contains(await OrganizingTests.HistoryAsync(client, target),
            h => h.GetProperty("kind").GetString() == "merged" && h.GetProperty("detail").GetString() == source.ToString());

        // The customer answers the merged conversation: the mail joins the survivor, which stays open; the merged one stays closed.
        await host.DeliverAsync(await Mails.FromCustomerAsync($"Re: Order 1 M1 [#{sourceNumber}]", "Answer to the first."));
        await ConversationsHost.EventuallyAsync<string>(async () =>
            (await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{target}")).GetProperty("messages").EnumerateArray()
                .Any(m => m.GetProperty("text").GetString()?.Trim() == "Answer to the first.") ? "joined" : null, "the answer in the survivor");
        Assert.Equal("closed", (await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{source}")).GetProperty("status").GetString());

        // Merging again, or into the merged one, is refused.
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync($"/api/conversations/{source}/merge", new { into = target })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync($"/api/conversations/{target}/merge", new { into = source })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync($"/api/conversations/{target}/merge", new { into = target })).StatusCode);
    }

    [Fact]
    public async Task Conversations_of_two_customers_are_not_merged()
    {
        var client = await host.CreateClientAsync();
        var mine = await host.DeliverConversationAsync(client, "Mine M3", "From the first customer.");
        await host.DeliverAsync(await Mails.FromCustomerAsync("Someone else M4", "From another customer.", from: "other@example.org"), mailFrom: "other@example.org");
        var theirs = await ConversationsHost.EventuallyAsync<Guid?>(async () =>
            (await client.GetFromJsonAsync<JsonElement>("/api/conversations?limit=200")).GetProperty("items").EnumerateArray()
                .Where(i => i.GetProperty("subject").GetString() == "Someone else M4").Select(i => (Guid?)i.GetProperty("id").GetGuid()).FirstOrDefault(),
            "the other customer's conversation");

        var refused = await client.PostAsJsonAsync($"/api/conversations/{mine}/merge", new { into = theirs });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("another customer's", problem.GetProperty("errors").GetProperty("into")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("open", (await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{mine}")).GetProperty("status").GetString());
        Assert.Equal("open", (await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{theirs}")).GetProperty("status").GetString());
    }
}

/// <summary>The node that snoozed a conversation is gone when its time comes: another node wakes it.</summary>
public sealed class SnoozeAcrossNodesTests(QuickSnoozeHost survivor) : IClassFixture<QuickSnoozeHost>
{
    [Fact]
    public async Task A_conversation_snoozed_through_a_node_that_stopped_is_woken_by_another()
    {
        var client = await survivor.CreateClientAsync();
        var id = await survivor.DeliverConversationAsync(client, "Snoozed elsewhere N1", "Later, please.");
        DateTimeOffset until;
        await using (var other = new SecondNode(survivor))
        {
            using var throughOther = await other.CreateClientAsync();
            until = DateTimeOffset.UtcNow.AddSeconds(3);
            Assert.Equal(HttpStatusCode.OK, (await throughOther.PostAsJsonAsync($"/api/conversations/{id}/snooze", new { until })).StatusCode);
        }
        Assert.Equal("snoozed", (await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}")).GetProperty("status").GetString());

        await ConversationsHost.EventuallyAsync<string>(async () =>
            (await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}")).GetProperty("status").GetString() == "open" ? "open" : null,
            "the conversation woken by the surviving node");
        Assert.True(DateTimeOffset.UtcNow >= until);
    }
}
