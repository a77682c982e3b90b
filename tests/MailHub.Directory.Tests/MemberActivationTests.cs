using System.Net;
using System.Net.Http.Json;
using MailHub.People.Contracts;
using MailHub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MailHub.People.Tests;

public sealed class MemberActivationTests(MailHubFactory factory) : IClassFixture<MailHubFactory>
{
    [Fact]
    public async Task A_deactivated_member_is_signed_out_cannot_sign_in_and_signs_in_again_once_reactivated()
    {
        var admin = await factory.CreateClientAsync();
        var team = await admin.CreateDepartmentAsync("夜班");
        var id = await admin.CreateMemberAsync("zhaoliu", "赵六", team);
        var agent = await factory.LoginAsync("zhaoliu");
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/api/auth/me")).StatusCode);
        Assert.True((await (await admin.GetAsync($"/api/directory/members/{id}")).JsonAsync()).GetProperty("active").GetBoolean());

        var deactivated = await admin.PostAsync($"/api/directory/members/{id}/deactivate", null);

        Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);
        Assert.False((await deactivated.JsonAsync()).GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, (await agent.GetAsync("/api/auth/me")).StatusCode); // the token they had ends
        var signIn = await agent.PostAsJsonAsync("/api/auth/token", new { email = "zhaoliu@example.cn", password = DirectoryApi.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        var listed = await (await admin.GetAsync($"/api/directory/members?departmentId={team}")).JsonAsync();
        Assert.False(Assert.Single(listed.EnumerateArray()).GetProperty("active").GetBoolean()); // still a member of the team

        var reactivated = await admin.PostAsync($"/api/directory/members/{id}/reactivate", null);

        Assert.True((await reactivated.JsonAsync()).GetProperty("active").GetBoolean());
        var again = await factory.LoginAsync("zhaoliu");
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Routing_picks_no_deactivated_member_and_mentions_do_not_reach_them()
    {
        var admin = await factory.CreateClientAsync();
        var team = await admin.CreateDepartmentAsync("Billing");
        var active = await admin.CreateMemberAsync("active.one", "Active One", team);
        var gone = await admin.CreateMemberAsync("gone.one", "Gone One", team);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/directory/members/{gone}/deactivate", null)).StatusCode);

        var directory = factory.Services.GetRequiredService<IMemberDirectory>();
        Assert.Equal([active], (await directory.MembersOfDepartmentAsync(team)).Select(m => m.Id));
        Assert.False((await directory.FindMemberAsync(gone))!.Active);
        Assert.Equal([active], (await directory.FindByHandlesAsync(["active.one", "gone.one"])).Select(m => m.Id));
    }

    [Fact]
    public async Task An_admin_cannot_deactivate_themselves_and_an_unknown_member_is_not_found()
    {
        var admin = await factory.CreateClientAsync();
        var team = await admin.CreateDepartmentAsync("Admins");
        var other = await admin.CreateMemberAsync("second.admin", "Second Admin", team, role: "admin");
        var second = await factory.LoginAsync("second.admin");

        var self = await second.PostAsync($"/api/directory/members/{other}/deactivate", null);
        Assert.Equal(HttpStatusCode.Forbidden, self.StatusCode);
        Assert.Contains("another administrator", (await self.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/api/directory/members/{Guid.NewGuid()}/deactivate", null)).StatusCode);
    }
}
