using System.Net;
using System.Net.Http.Json;
using MailHub.Testing;

namespace MailHub.Host.Tests.Doors;

public sealed class PasswordTests(MailHubFactory host) : IClassFixture<MailHubFactory>
{
    [Fact]
    public async Task An_agent_changes_their_password_other_sessions_end_and_only_the_new_one_signs_in()
    {
        var admin = await host.CreateClientAsync();
        await admin.CreateAgentAsync("changer");
        var client = await host.ClientAsync();
        var elsewhere = await client.TokenAsync(Doors.Email("changer"), Doors.AgentPassword);
        var here = await client.TokenAsync(Doors.Email("changer"), Doors.AgentPassword);

        var changed = await client.SendAsync(Doors.Post("/api/auth/password", new { currentPassword = Doors.AgentPassword, newPassword = "a new passphrase" })
            .Bearer(here.AccessToken));

        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/auth/me").Bearer(here.AccessToken))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/auth/me").Bearer(elsewhere.AccessToken))).StatusCode);
        var old = await client.PostAsJsonAsync("/api/auth/token", new { email = Doors.Email("changer"), password = Doors.AgentPassword });
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        await client.TokenAsync(Doors.Email("changer"), "a new passphrase");
    }

    [Fact]
    public async Task A_wrong_current_password_or_a_weak_new_one_is_refused_with_the_field_and_what_to_do()
    {
        var client = await host.CreateClientAsync();

        var wrong = await client.PostAsJsonAsync("/api/auth/password", new { currentPassword = "not-my-password", newPassword = "a new passphrase" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.StartsWith("That is not your current password",
            (await wrong.JsonAsync()).GetProperty("errors").GetProperty("currentPassword")[0].GetString(), StringComparison.Ordinal);

        var short_ = await client.PostAsJsonAsync("/api/auth/password", new { currentPassword = MailHubFactory.AdminPassword, newPassword = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, short_.StatusCode);
        Assert.Equal("Use a password of at least 8 characters (a few words make a good one).",
            (await short_.JsonAsync()).GetProperty("errors").GetProperty("newPassword")[0].GetString());

        var same = await client.PostAsJsonAsync("/api/auth/password", new { currentPassword = MailHubFactory.AdminPassword, newPassword = "aaaaaaaaaaaa" });
        Assert.Equal(HttpStatusCode.BadRequest, same.StatusCode);
        Assert.True((await same.JsonAsync()).GetProperty("errors").TryGetProperty("newPassword", out _));
    }

    [Fact]
    public async Task After_an_admin_reset_the_agent_is_signed_out_and_must_change_the_password_before_anything_else()
    {
        var admin = await host.CreateClientAsync();
        var agent = await admin.CreateAgentAsync("forgetful");
        var client = await host.ClientAsync();
        var before = await client.TokenAsync(Doors.Email("forgetful"), Doors.AgentPassword);

        // The directory's member update is the admin's reset (AccountStore.SetPasswordAsync).
        var member = await (await admin.GetAsync($"/api/directory/members/{agent}")).JsonAsync();
        var reset = await admin.PutAsJsonAsync($"/api/directory/members/{agent}", new
        {
            account = "forgetful", name = "forgetful", email = Doors.Email("forgetful"), role = "agent",
            departmentIds = member.GetProperty("departmentIds").EnumerateArray().Select(d => d.GetGuid()).ToArray(),
            password = "reset-by-admin",
        });
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized,
            (await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/auth/me").Bearer(before.AccessToken))).StatusCode);
        var console = await host.ClientAsync();
        var (signIn, xsrf) = await console.SignInAsync(Doors.Email("forgetful"), "reset-by-admin");
        Assert.True((await signIn.JsonAsync()).GetProperty("mustChangePassword").GetBoolean());
        Assert.True((await (await console.GetAsync("/api/auth/me")).JsonAsync()).GetProperty("mustChangePassword").GetBoolean());

        var refused = await console.GetAsync("/api/conversations");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var problem = await refused.JsonAsync();
        Assert.Equal("Change your password first", problem.GetProperty("title").GetString());
        Assert.Contains("POST /api/auth/password", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var changed = await console.SendAsync(Doors.Post("/api/auth/password", new { currentPassword = "reset-by-admin", newPassword = "my own passphrase" })
            .WithXsrf(xsrf));
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.False((await (await console.GetAsync("/api/auth/me")).JsonAsync()).GetProperty("mustChangePassword").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await console.GetAsync("/api/conversations")).StatusCode);
    }

    [Fact]
    public async Task An_account_that_must_change_its_password_may_still_sign_out()
    {
        var admin = await host.CreateClientAsync();
        var agent = await admin.CreateAgentAsync("leaving");
        var member = await (await admin.GetAsync($"/api/directory/members/{agent}")).JsonAsync();
        await admin.PutAsJsonAsync($"/api/directory/members/{agent}", new
        {
            account = "leaving", name = "leaving", email = Doors.Email("leaving"), role = "agent",
            departmentIds = member.GetProperty("departmentIds").EnumerateArray().Select(d => d.GetGuid()).ToArray(), password = "reset-by-admin",
        });
        var client = await host.ClientAsync();
        var token = await client.TokenAsync(Doors.Email("leaving"), "reset-by-admin");

        Assert.Equal(HttpStatusCode.Forbidden,
            (await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/directory/departments").Bearer(token.AccessToken))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(Doors.Post("/api/auth/sign-out").Bearer(token.AccessToken))).StatusCode);
    }
}
