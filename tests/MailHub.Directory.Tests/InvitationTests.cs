using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MailHub.People.Tests;

public sealed class InvitationTests(MailHubFactory factory) : IClassFixture<MailHubFactory>
{
    private const string Chosen = "chosen-password-7";

    [Fact]
    public async Task An_invitee_chooses_their_password_through_the_link_once_and_signs_in_with_it()
    {
        var admin = await factory.CreateClientAsync();
        var team = await admin.CreateDepartmentAsync("新人");
        var invited = await InviteAsync(admin, "xiaoming", "小明", team);
        var member = invited.GetProperty("member");
        Assert.True(member.GetProperty("invitationPending").GetBoolean());
        var link = invited.GetProperty("link").GetString()!;
        Assert.Contains("/welcome#", link);
        var token = link[(link.IndexOf('#') + 1)..];
        using var anonymous = factory.CreateClient();

        // Before choosing, nothing opens the account.
        var early = await anonymous.PostAsJsonAsync("/api/auth/token", new { email = "xiaoming@example.cn", password = "" + Chosen });
        Assert.Equal(HttpStatusCode.Unauthorized, early.StatusCode);
        var details = await (await anonymous.PostAsJsonAsync("/api/auth/invitation", new { token })).JsonAsync();
        Assert.Equal("小明", details.GetProperty("name").GetString());
        Assert.Equal("xiaoming@example.cn", details.GetProperty("email").GetString());

        var weak = await anonymous.PostAsJsonAsync("/api/auth/invitation/accept", new { token, password = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Contains("password", await weak.ErrorFieldsAsync());
        var accepted = await anonymous.PostAsJsonAsync("/api/auth/invitation/accept", new { token, password = Chosen });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(member.GetProperty("id").GetString(), (await accepted.JsonAsync()).GetProperty("id").GetString());
        Assert.Contains(accepted.Headers.GetValues("Set-Cookie"), c => c.StartsWith("XSRF-TOKEN=", StringComparison.Ordinal));

        var again = await anonymous.PostAsJsonAsync("/api/auth/invitation/accept", new { token, password = "another-password-9" });
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        var agent = await factory.CreateClientAsync("xiaoming@example.cn", Chosen);
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/api/auth/me")).StatusCode);
        var now = await (await admin.GetAsync($"/api/directory/members/{member.GetProperty("id").GetString()}")).JsonAsync();
        Assert.False(now.GetProperty("invitationPending").GetBoolean());
    }

    [Fact]
    public async Task An_expired_link_says_so_and_a_new_link_replaces_the_old_one()
    {
        var admin = await factory.CreateClientAsync();
        var team = await admin.CreateDepartmentAsync("Late");
        var invited = await InviteAsync(admin, "late.one", "Late One", team);
        var id = invited.GetProperty("member").GetProperty("id").GetGuid();
        var first = TokenOf(invited);
        await using (var expire = factory.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            "UPDATE core.invitations SET expires_at = now() - interval '1 minute' WHERE account_id = $1"))
        {
            expire.Parameters.Add(new() { Value = id });
            Assert.Equal(1, await expire.ExecuteNonQueryAsync());
        }
        using var anonymous = factory.CreateClient();

        var expired = await anonymous.PostAsJsonAsync("/api/auth/invitation/accept", new { token = first, password = Chosen });
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains("ask your administrator for a new link", (await expired.JsonAsync()).GetProperty("detail").GetString());

        var reissued = await admin.PostAsync($"/api/directory/members/{id}/invitation", null);
        Assert.Equal(HttpStatusCode.OK, reissued.StatusCode);
        var second = TokenOf(await reissued.JsonAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.PostAsJsonAsync("/api/auth/invitation", new { token = first })).StatusCode);
        Assert.Equal(HttpStatusCode.OK,
            (await anonymous.PostAsJsonAsync("/api/auth/invitation/accept", new { token = second, password = Chosen })).StatusCode);
        var done = await admin.PostAsync($"/api/directory/members/{id}/invitation", null);
        Assert.Equal(HttpStatusCode.Conflict, done.StatusCode);
    }

    [Fact]
    public async Task An_invitation_with_a_taken_email_is_refused_naming_the_field_and_creates_nobody()
    {
        var admin = await factory.CreateClientAsync();
        var team = await admin.CreateDepartmentAsync("Dup");
        await admin.CreateMemberAsync("taken", "Taken", team);

        var response = await admin.PostAsJsonAsync("/api/directory/invitations", new
        {
            account = "other.taken", name = "Other", email = "TAKEN@example.cn", role = "agent", departmentIds = new[] { team },
        });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(["email"], await response.ErrorFieldsAsync());
        var members = await (await admin.GetAsync("/api/directory/members?q=other.taken")).JsonAsync();
        Assert.Equal(0, members.GetArrayLength());
    }

    private static async Task<JsonElement> InviteAsync(HttpClient admin, string account, string name, Guid team)
    {
        var response = await admin.PostAsJsonAsync("/api/directory/invitations", new
        {
            account, name, email = $"{account}@example.cn", role = "agent", departmentIds = new[] { team },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.JsonAsync();
    }

    private static string TokenOf(JsonElement invitation)
    {
        var link = invitation.GetProperty("link").GetString()!;
        return link[(link.IndexOf('#') + 1)..];
    }
}
