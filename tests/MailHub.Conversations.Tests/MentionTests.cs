using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Testing;

namespace MailHub.Conversations.Tests;

public sealed class MentionTests(ConversationsHost host) : IClassFixture<ConversationsHost>
{
    private const string Password = "agent-password-1";

    [Fact]
    public async Task A_note_mentioning_agents_by_name_or_account_tells_those_who_may_see_it_live_and_no_one_else()
    {
        var admin = await host.CreateClientAsync();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var teamA = await CreateTeamAsync(admin, "一线 " + suffix);
        var teamB = await CreateTeamAsync(admin, "二线 " + suffix);
        var (liSi, liSiClient) = await CreateAgentAsync(admin, "li.si" + suffix, "Li Si " + suffix, teamA);
        var (zhang, zhangClient) = await CreateAgentAsync(admin, "zhang" + suffix, "张三" + suffix[..2], teamA);
        var (wang, wangClient) = await CreateAgentAsync(admin, "wang" + suffix, "Wang " + suffix, teamB);
        var conversation = await host.DeliverConversationAsync(admin, "Refund for order " + suffix, "Please refund me.");
        // Routing sees the new conversation a moment after the list does (its subscription): until then assigning is 404.
        await ConversationsHost.EventuallyAsync<object>(async () =>
            (await admin.PostAsJsonAsync($"/api/conversations/{conversation}/assign", new { teamId = teamA })).StatusCode == HttpStatusCode.OK
                ? new object() : null, "the conversation handed to team A");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var zhangLive = await LiveConnection.OpenAsync(host, zhangClient, timeout.Token);

        // By name with a space, by a Chinese name run into the sentence, by account; an address is no mention.
        var text = $"@Li Si {suffix} 请跟进，@张三{suffix[..2]}请看一下，@wang{suffix} 也看看 (cc support@shop.example)";
        var note = await liSiClient.PostAsJsonAsync($"/api/conversations/{conversation}/notes", new { text });
        Assert.Equal(HttpStatusCode.Created, note.StatusCode);

        // Opening the console made 张三 online, so team A's queue may hand them the conversation ("assigned"): mentions are counted apart.
        var pushed = await zhangLive.WaitForAsync("notification",
            n => n.GetProperty("conversationId").GetGuid() == conversation && n.GetProperty("kind").GetString() == "mentioned",
            "the mention pushed to 张三", timeout.Token);
        Assert.Equal("mentioned", pushed.GetProperty("kind").GetString());
        Assert.Equal(liSi, pushed.GetProperty("from").GetGuid());
        Assert.Equal(text, pushed.GetProperty("note").GetString());
        Assert.Equal("Refund for order " + suffix, pushed.GetProperty("subject").GetString());

        Assert.Single(await MentionsAsync(zhangClient));
        // The author is not told of their own mention; an agent of another team cannot open it, so is not told either.
        Assert.Empty(await MentionsAsync(liSiClient));
        Assert.Empty(await MentionsAsync(wangClient));

        // The admin names Li Si by account: Li Si is told.
        var second = await admin.PostAsJsonAsync($"/api/conversations/{conversation}/notes", new { text = $"@li.si{suffix}: done?" });
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var mention = Assert.Single(await MentionsAsync(liSiClient));
        Assert.Equal(JsonValueKind.Null, mention.GetProperty("readAt").ValueKind);
        _ = zhang;
        _ = wang;
    }

    private static async Task<List<JsonElement>> MentionsAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/routing/notifications")).GetProperty("items").EnumerateArray()
            .Where(n => n.GetProperty("kind").GetString() == "mentioned").ToList();

    [Fact]
    public async Task Notifications_are_marked_read_one_by_one_or_all_at_once_and_only_the_callers_own()
    {
        var admin = await host.CreateClientAsync();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var team = await CreateTeamAsync(admin, "team " + suffix);
        var (_, agent) = await CreateAgentAsync(admin, "reader" + suffix, "Reader " + suffix, team);
        var (_, other) = await CreateAgentAsync(admin, "other" + suffix, "Other " + suffix, team);
        var conversation = await host.DeliverConversationAsync(admin, "Three mentions " + suffix, "Hello.");
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Created,
                (await admin.PostAsJsonAsync($"/api/conversations/{conversation}/notes", new { text = $"@reader{suffix} number {i}" })).StatusCode);
        var panel = await agent.GetFromJsonAsync<JsonElement>("/api/routing/notifications");
        Assert.Equal(3, panel.GetProperty("unread").GetInt32());
        var newest = panel.GetProperty("items")[0];
        Assert.Equal($"@reader{suffix} number 2", newest.GetProperty("note").GetString());

        var byOther = await other.PostAsJsonAsync("/api/routing/notifications/read", new { ids = new[] { newest.GetProperty("id").GetGuid() } });
        Assert.Equal(0, (await byOther.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("unread").GetInt32());
        var one = await agent.PostAsJsonAsync("/api/routing/notifications/read", new { ids = new[] { newest.GetProperty("id").GetGuid() } });
        Assert.Equal(2, (await one.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("unread").GetInt32());
        panel = await agent.GetFromJsonAsync<JsonElement>("/api/routing/notifications");
        Assert.NotEqual(JsonValueKind.Null, panel.GetProperty("items")[0].GetProperty("readAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, panel.GetProperty("items")[1].GetProperty("readAt").ValueKind);

        var neither = await agent.PostAsJsonAsync("/api/routing/notifications/read", new { });
        Assert.Equal(HttpStatusCode.BadRequest, neither.StatusCode);
        var all = await agent.PostAsJsonAsync("/api/routing/notifications/read", new { all = true });
        Assert.Equal(0, (await all.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("unread").GetInt32());
    }

    private static async Task<Guid> CreateTeamAsync(HttpClient admin, string name)
    {
        var response = await admin.PostAsJsonAsync("/api/directory/departments", new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<(Guid Id, HttpClient Client)> CreateAgentAsync(HttpClient admin, string account, string name, Guid teamId)
    {
        var email = $"{account}@example.cn";
        var response = await admin.PostAsJsonAsync("/api/directory/members", new
        {
            account, name, email, password = Password, role = "agent", departmentIds = new[] { teamId },
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        return (id, await host.CreateClientAsync(email, Password));
    }
}
