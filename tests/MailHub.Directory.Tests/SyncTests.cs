using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Testing;

namespace MailHub.People.Tests;

public sealed class SyncTests(MailHubFactory factory) : IClassFixture<MailHubFactory>
{
    private static object Push(string mode, object[] departments, object[] members) => new { mode, departments, members };

    private static object Department(string id, string name, string? parentId = null) => new { id, name, parentId };

    private static object Member(string id, string account, string name, params string[] departmentIds) =>
        new { id, account, name, email = $"{account}@corp.example", mobile = "+86 139 0000 0000", position = "工程师", departmentIds };

    private static readonly object[] Tree = [Department("1", "企业"), Department("2", "研发", "1"), Department("3", "客服", "1")];

    private async Task<HttpClient> SourceAsync(string name)
    {
        var admin = await factory.CreateClientAsync();
        var created = await admin.PostAsJsonAsync("/api/directory/sync-sources", new { name });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var source = factory.CreateClient();
        source.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await created.JsonAsync()).GetProperty("token").GetString());
        return source;
    }

    private static async Task<JsonElement> PushAsync(HttpClient source, string name, object push)
    {
        var response = await source.PutAsJsonAsync($"/api/directory/sync/{name}", push);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    private static (int, int, int, int) Counts(JsonElement report) => (report.GetProperty("created").GetInt32(), report.GetProperty("updated").GetInt32(),
        report.GetProperty("deactivated").GetInt32(), report.GetProperty("unchanged").GetInt32());

    [Fact]
    public async Task A_full_push_builds_the_directory_and_the_same_push_again_changes_nothing()
    {
        var source = await SourceAsync("wecom");
        var push = Push("full", Tree, [Member("u1", "sync.chen", "陈一", "2"), Member("u2", "sync.lin", "林二", "3", "2")]);

        var first = await PushAsync(source, "wecom", push);
        var admin = await factory.CreateClientAsync();
        var before = await admin.GetStringAsync("/api/directory/members?q=sync.");
        var second = await PushAsync(source, "wecom", push);

        Assert.Equal((2, 0, 0, 0), Counts(first));
        Assert.Equal(3, first.GetProperty("departments").GetProperty("created").GetInt32());
        Assert.Equal((0, 0, 0, 2), Counts(second));
        Assert.Equal(3, second.GetProperty("departments").GetProperty("unchanged").GetInt32());
        Assert.Empty(second.GetProperty("changes").EnumerateArray());
        Assert.Equal(before, await admin.GetStringAsync("/api/directory/members?q=sync."));
        var lin = (await admin.GetFromJsonAsync<JsonElement>("/api/directory/members?q=sync.lin"))[0];
        Assert.Equal(("wecom", true, 2), (lin.GetProperty("source").GetString(), lin.GetProperty("active").GetBoolean(), lin.GetProperty("departmentIds").GetArrayLength()));
        Assert.True(lin.GetProperty("invitationPending").GetBoolean()); // no password until an admin invites them or sets one
        var sources = await admin.GetFromJsonAsync<JsonElement>("/api/directory/sync-sources");
        var run = sources.EnumerateArray().Single(s => s.GetProperty("name").GetString() == "wecom").GetProperty("lastRun");
        Assert.Equal(0, run.GetProperty("changeCount").GetInt32()); // the last push was the repeat: it changed nothing
        Assert.Equal(("full", 2), (run.GetProperty("mode").GetString(), run.GetProperty("unchanged").GetInt32()));
    }

    [Fact]
    public async Task A_full_push_deactivates_the_members_and_departments_it_leaves_out_and_they_cannot_sign_in()
    {
        var source = await SourceAsync("hr");
        await PushAsync(source, "hr", Push("full", Tree, [Member("a", "full.wu", "吴三", "2"), Member("b", "full.zheng", "郑四", "3")]));
        var admin = await factory.CreateClientAsync();
        var zheng = (await admin.GetFromJsonAsync<JsonElement>("/api/directory/members?q=full.zheng"))[0].GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/directory/members/{zheng}", new { password = DirectoryApi.Password })).StatusCode);
        var signIn = await factory.CreateClient().PostAsJsonAsync("/api/auth/token", new { email = "full.zheng@corp.example", password = DirectoryApi.Password });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);

        var report = await PushAsync(source, "hr", Push("full", [Department("1", "企业"), Department("2", "研发", "1")], [Member("a", "full.wu", "吴三", "2")]));

        Assert.Equal((0, 0, 1, 1), Counts(report));
        Assert.Equal(1, report.GetProperty("departments").GetProperty("deactivated").GetInt32());
        var member = await admin.GetFromJsonAsync<JsonElement>($"/api/directory/members/{zheng}");
        Assert.False(member.GetProperty("active").GetBoolean()); // kept, not deleted
        var refused = await factory.CreateClient().PostAsJsonAsync("/api/auth/token", new { email = "full.zheng@corp.example", password = DirectoryApi.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        // Back in the next full push: active again, with their department.
        var back = await PushAsync(source, "hr", Push("full", Tree, [Member("a", "full.wu", "吴三", "2"), Member("b", "full.zheng", "郑四", "3")]));
        Assert.Equal((0, 1, 0, 1), Counts(back));
        Assert.True((await admin.GetFromJsonAsync<JsonElement>($"/api/directory/members/{zheng}")).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task A_delta_push_changes_only_what_it_names()
    {
        var source = await SourceAsync("delta");
        await PushAsync(source, "delta", Push("full", Tree, [Member("x", "delta.he", "何五", "2"), Member("y", "delta.lv", "吕六", "3")]));

        var renamed = await PushAsync(source, "delta", Push("delta", [], [Member("x", "delta.he", "何五五", "3")]));
        var gone = await PushAsync(source, "delta", new
        {
            mode = "delta", departments = Array.Empty<object>(),
            members = new[] { new { id = "y", account = "delta.lv", name = "吕六", email = "delta.lv@corp.example", departmentIds = new[] { "3" }, active = false } },
        });
        var added = await PushAsync(source, "delta", Push("delta", [Department("4", "销售", "1")], [Member("z", "delta.shi", "施七", "4")]));

        Assert.Equal((0, 1, 0, 0), Counts(renamed));
        Assert.Equal((0, 0, 1, 0), Counts(gone));
        Assert.Equal((1, 0, 0, 0), Counts(added));
        var admin = await factory.CreateClientAsync();
        var members = (await admin.GetFromJsonAsync<JsonElement>("/api/directory/members?q=delta.")).EnumerateArray()
            .ToDictionary(m => m.GetProperty("account").GetString()!, m => (m.GetProperty("name").GetString(), m.GetProperty("active").GetBoolean()));
        Assert.Equal(("何五五", true), members["delta.he"]);
        Assert.Equal(("吕六", false), members["delta.lv"]);
        Assert.Equal(("施七", true), members["delta.shi"]);
    }

    [Fact]
    public async Task A_push_that_contradicts_itself_is_refused_whole()
    {
        var source = await SourceAsync("broken");

        var unknownParent = await source.PutAsJsonAsync("/api/directory/sync/broken", Push("full", [Department("1", "企业", "404")], []));
        var circle = await source.PutAsJsonAsync("/api/directory/sync/broken",
            Push("full", [Department("1", "A", "2"), Department("2", "B", "1")], [Member("m", "broken.one", "一", "1")]));

        Assert.Equal(HttpStatusCode.BadRequest, unknownParent.StatusCode);
        Assert.Contains("departments[0].parentId", await unknownParent.ErrorFieldsAsync());
        Assert.Equal(HttpStatusCode.BadRequest, circle.StatusCode);
        var admin = await factory.CreateClientAsync();
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement>("/api/directory/members?q=broken.")).EnumerateArray());
    }

    [Fact]
    public async Task A_source_token_can_push_its_own_source_and_nothing_else()
    {
        var source = await SourceAsync("narrow");
        await SourceAsync("other");
        var push = Push("full", Tree, []);

        Assert.Equal(HttpStatusCode.OK, (await source.PutAsJsonAsync("/api/directory/sync/narrow", push)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await source.PutAsJsonAsync("/api/directory/sync/other", push)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await source.GetAsync("/api/directory/members")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await source.GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await source.GetAsync("/api/directory/sync-sources")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await source.PostAsJsonAsync("/api/directory/departments", new { name = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await source.PostAsJsonAsync("/api/directory/sync-sources/narrow/token", new { })).StatusCode);

        // An admin's own sign-in cannot push, and a renewed token ends the old one.
        var admin = await factory.CreateClientAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.PutAsJsonAsync("/api/directory/sync/narrow", push)).StatusCode);
        var renewed = await (await admin.PostAsync("/api/directory/sync-sources/narrow/token", null)).JsonAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await source.PutAsJsonAsync("/api/directory/sync/narrow", push)).StatusCode);
        source.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", renewed.GetProperty("token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await source.PutAsJsonAsync("/api/directory/sync/narrow", push)).StatusCode);
    }

    [Fact]
    public async Task A_member_made_by_hand_with_the_same_account_is_taken_over_by_the_source()
    {
        var admin = await factory.CreateClientAsync();
        var team = await admin.CreateDepartmentAsync("手工");
        var id = await admin.CreateMemberAsync("hand.made", "手工", team);
        var source = await SourceAsync("takeover");

        var report = await PushAsync(source, "takeover", new
        {
            mode = "full", departments = Tree,
            members = new[] { new { id = "t1", account = "hand.made", name = "手工", email = "hand.made@example.cn", departmentIds = new[] { "2" } } },
        });

        Assert.Equal((0, 1, 0, 0), Counts(report));
        var member = await admin.GetFromJsonAsync<JsonElement>($"/api/directory/members/{id}");
        Assert.Equal("takeover", member.GetProperty("source").GetString());
    }
}
