using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Testing;

namespace MailHub.Host.Tests.Doors;

public sealed class AuditTests(MailHubFactory host) : IClassFixture<MailHubFactory>
{
    private static async Task<List<JsonElement>> EntriesAsync(HttpClient admin, string query)
    {
        var page = await admin.GetFromJsonAsync<JsonElement>("/api/audit?" + query);
        return page.GetProperty("entries").EnumerateArray().ToList();
    }

    [Fact]
    public async Task Sign_ins_failed_sign_ins_sign_outs_and_password_changes_are_recorded_with_who_and_never_a_password()
    {
        var admin = await host.CreateClientAsync();
        var agent = await admin.CreateAgentAsync("audited");
        var client = await host.ClientAsync();
        var email = Doors.Email("audited");
        await client.PostAsJsonAsync("/api/auth/token", new { email, password = "a-wrong-guess" });
        await client.PostAsJsonAsync("/api/auth/token", new { email = "nobody@example.cn", password = "a-wrong-guess" });
        var token = await client.TokenAsync(email, Doors.AgentPassword);
        await client.SendAsync(Doors.Post("/api/auth/password", new { currentPassword = Doors.AgentPassword, newPassword = "audited passphrase" })
            .Bearer(token.AccessToken));
        await client.SendAsync(Doors.Post("/api/auth/sign-out").Bearer(token.AccessToken));

        var mine = await EntriesAsync(admin, $"actorEmail={Uri.EscapeDataString(email)}");
        Assert.Equal(["SignOut", "ChangePassword", "SignIn", "SignInFailed"], mine.Select(e => e.GetProperty("action").GetString()));
        var signIn = mine[2];
        Assert.Equal(agent, signIn.GetProperty("actorId").GetGuid());
        Assert.Equal("/api/auth/token", signIn.GetProperty("route").GetString());
        Assert.Equal("POST", signIn.GetProperty("method").GetString());
        Assert.Equal(200, signIn.GetProperty("status").GetInt32());
        Assert.Equal(JsonValueKind.Null, mine[3].GetProperty("actorId").ValueKind); // not signed in: only the e-mail tried
        Assert.Equal(401, mine[3].GetProperty("status").GetInt32());
        Assert.Equal(agent, mine[1].GetProperty("actorId").GetGuid());
        var unknown = await EntriesAsync(admin, "actorEmail=nobody@example.cn&action=SignInFailed");
        Assert.Single(unknown);

        var everything = await admin.GetStringAsync("/api/audit?limit=200");
        Assert.DoesNotContain("a-wrong-guess", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("audited passphrase", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Doors.AgentPassword, everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_successful_change_through_the_api_is_recorded_once_with_its_operation_target_and_route_and_a_refused_one_is_not()
    {
        var admin = await host.CreateClientAsync();
        var agent = await admin.CreateAgentAsync("target");

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/accounts/{agent}/disable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/api/accounts/{Guid.NewGuid()}/disable", null)).StatusCode);

        var entries = await EntriesAsync(admin, "action=DisableAccount");
        var entry = Assert.Single(entries);
        Assert.Equal(agent.ToString(), entry.GetProperty("targetId").GetString());
        Assert.Equal($"/api/accounts/{agent}/disable", entry.GetProperty("route").GetString());
        Assert.Equal(204, entry.GetProperty("status").GetInt32());
        Assert.Equal(MailHubFactory.AdminEmail, entry.GetProperty("actorEmail").GetString());
        Assert.Equal(entry.GetProperty("id").GetInt64(), (await EntriesAsync(admin, $"targetId={agent}"))[0].GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Module_changes_are_recorded_by_operation_with_the_created_or_changed_id_and_a_reset_names_its_target()
    {
        var admin = await host.CreateClientAsync();
        var agent = await admin.CreateAgentAsync("reset.target");
        var member = await (await admin.GetAsync($"/api/directory/members/{agent}")).JsonAsync();
        var departments = member.GetProperty("departmentIds").EnumerateArray().Select(d => d.GetGuid()).ToArray();

        var reset = await admin.PutAsJsonAsync($"/api/directory/members/{agent}", new
        {
            account = "reset.target", name = "reset.target", email = Doors.Email("reset.target"), role = "agent", departmentIds = departments,
            password = "reset-secret-1",
        });
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);

        var created = Assert.Single(await EntriesAsync(admin, $"action=CreateMember&targetId={agent}"));
        Assert.Equal("POST", created.GetProperty("method").GetString());
        Assert.Equal(201, created.GetProperty("status").GetInt32());
        Assert.Single(await EntriesAsync(admin, $"action=CreateDepartment&targetId={departments[0]}"));
        var onTarget = (await EntriesAsync(admin, $"targetId={agent}")).Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(["UpdateMember", "ResetPassword", "CreateMember"], onTarget);
        var resetLine = (await EntriesAsync(admin, $"action=ResetPassword&targetId={agent}"))[0];
        Assert.Equal(MailHubFactory.AdminEmail, resetLine.GetProperty("actorEmail").GetString());
        Assert.DoesNotContain("reset-secret-1", await admin.GetStringAsync("/api/audit?limit=200"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_log_pages_newest_first_by_keyset_and_filters_by_time()
    {
        var admin = await host.CreateClientAsync();
        var from = DateTimeOffset.UtcNow.AddSeconds(-1);
        var client = await host.ClientAsync();
        for (var i = 0; i < 5; i++)
            await client.PostAsJsonAsync("/api/auth/token", new { email = "pager@example.cn", password = $"x{i}" });

        var seen = new List<long>();
        long? before = null;
        do
        {
            var page = await admin.GetFromJsonAsync<JsonElement>($"/api/audit?actorEmail=pager@example.cn&limit=2{(before is null ? "" : $"&before={before}")}");
            var ids = page.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ToList();
            Assert.InRange(ids.Count, 1, 2);
            seen.AddRange(ids);
            before = page.GetProperty("nextBefore").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextBefore").GetInt64();
        }
        while (before is not null);

        Assert.Equal(5, seen.Count);
        Assert.Equal(seen.OrderDescending(), seen);
        var to = Uri.EscapeDataString(from.ToString("O"));
        Assert.Empty(await EntriesAsync(admin, $"actorEmail=pager@example.cn&to={to}"));
        Assert.Equal(5, (await EntriesAsync(admin, $"actorEmail=pager@example.cn&from={Uri.EscapeDataString(from.ToString("O"))}")).Count);
        var tooMany = await admin.GetAsync("/api/audit?limit=1000");
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.True((await tooMany.JsonAsync()).GetProperty("errors").TryGetProperty("limit", out _));
    }

    [Fact]
    public async Task Only_admins_read_the_audit_log()
    {
        var admin = await host.CreateClientAsync();
        await admin.CreateAgentAsync("curious");
        var agent = await host.CreateClientAsync(Doors.Email("curious"), Doors.AgentPassword);

        Assert.Equal(HttpStatusCode.Unauthorized, (await (await host.ClientAsync()).GetAsync("/api/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/audit")).StatusCode);
    }

    [Fact]
    public async Task A_created_resource_named_in_Chinese_is_its_target_as_named_and_a_made_password_never_reaches_the_log()
    {
        var admin = await host.CreateClientAsync();
        var created = await admin.PostAsJsonAsync("/api/channels/relay-accounts", new { userName = "财务-relay" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var password = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("password").GetString()!;
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/channels/relay-accounts/" + Uri.EscapeDataString("财务-relay"))).StatusCode);

        var made = Assert.Single(await EntriesAsync(admin, "action=CreateRelayAccount&targetId=" + Uri.EscapeDataString("财务-relay")));
        Assert.Equal(201, made.GetProperty("status").GetInt32());
        Assert.Single(await EntriesAsync(admin, "action=DeleteRelayAccount&targetId=" + Uri.EscapeDataString("财务-relay")));
        Assert.DoesNotContain(password, await admin.GetStringAsync("/api/audit?limit=200"), StringComparison.Ordinal);
    }
}
