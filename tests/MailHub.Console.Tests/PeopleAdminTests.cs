using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MailHub.Testing;
using static Microsoft.Playwright.Assertions;

namespace MailHub.Console.Tests;

/// <summary>The admin's Teams and members page (/admin/people) and the invitee's /welcome page.</summary>
public sealed class PeopleAdminTests(ConsoleHost host, Browser browser) : IClassFixture<ConsoleHost>, IClassFixture<Browser>
{
    private const string Password = "agent-password-1";

    [Fact]
    public Task An_admin_creates_teams_and_a_member_then_changes_their_role_and_capacity_and_moves_them() =>
        browser.RunAsync(nameof(An_admin_creates_teams_and_a_member_then_changes_their_role_and_capacity_and_moves_them), async pages =>
    {
        var page = await pages.OpenAsync();
        await page.SignInAsync(host, MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Admin" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Teams and members" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/people$"));

        await CreateTeamAsync(page, "After-sales");
        await CreateTeamAsync(page, "Billing"); // under After-sales, the team selected
        await Teams(page).GetByText("Billing", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Rename or move" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByLabel("Team name").FillAsync("Billing desk");
        await ChooseAsync(page, page.GetByRole(AriaRole.Dialog).GetByLabel("Under"), "(top level)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByText("Team Billing desk saved.")).ToBeVisibleAsync();

        await Teams(page).GetByText("After-sales", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "New member" }).ClickAsync();
        var drawer = page.Locator(".ant-drawer");
        await drawer.GetByLabel("Account").FillAsync("sunba");
        await drawer.GetByLabel("Name", new() { Exact = true }).FillAsync("Sun Ba");
        await drawer.GetByLabel("E-mail (they sign in with it)").FillAsync("sunba@shop.example.cn");
        await drawer.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await drawer.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(page.GetByText("Sun Ba created.")).ToBeVisibleAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "sunba@shop.example.cn" });
        await Expect(row).ToContainTextAsync("After-sales");
        await Expect(row).ToContainTextAsync("Agent");

        await row.GetByRole(AriaRole.Button, new() { Name = "Edit Sun Ba" }).ClickAsync();
        await ChooseAsync(page, drawer.GetByLabel("Role"), "Supervisor");
        await drawer.GetByLabel("Capacity").FillAsync("5");
        await ChooseAsync(page, drawer.GetByLabel("Teams", new() { Exact = true }), "Billing desk");
        await ChooseAsync(page, drawer.GetByLabel("Teams", new() { Exact = true }), "After-sales"); // chosen again: left
        await drawer.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByText("Sun Ba saved.")).ToBeVisibleAsync();

        // Moved: no longer among After-sales' members, but in Billing desk's, as a supervisor with room for 5.
        await Expect(row).ToHaveCountAsync(0);
        await Teams(page).GetByText("Billing desk", new() { Exact = true }).ClickAsync();
        await Expect(row).ToContainTextAsync("Supervisor");
        await Expect(row).ToContainTextAsync("5");
        using var admin = await host.CreateClientAsync();
        var member = (await admin.GetFromJsonAsync<JsonElement>("/api/directory/members?q=sunba"))[0];
        Assert.Equal("supervisor", member.GetProperty("role").GetString());
        var teams = await admin.GetFromJsonAsync<JsonElement>("/api/directory/departments");
        var billing = teams.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "Billing desk");
        Assert.Null(billing.GetProperty("parentId").GetString());
        Assert.Equal([billing.GetProperty("id").GetString()], member.GetProperty("departmentIds").EnumerateArray().Select(d => d.GetString()));
        var presence = await admin.GetFromJsonAsync<JsonElement>($"/api/routing/agents/{member.GetProperty("id").GetString()}");
        Assert.Equal(5, presence.GetProperty("capacity").GetInt32());
    });

    [Fact]
    public Task An_invited_agent_chooses_their_password_through_the_link_and_is_signed_in() =>
        browser.RunAsync(nameof(An_invited_agent_chooses_their_password_through_the_link_and_is_signed_in), async pages =>
    {
        await host.CreateTeamAsync("Invitees");
        var page = await pages.OpenAsync();
        await page.SignInAsync(host, MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);
        await page.GotoAsync(host.Url + "/admin/people");

        await page.GetByRole(AriaRole.Button, new() { Name = "Invite an agent" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Name", new() { Exact = true }).FillAsync("Zhou Jiu");
        await dialog.GetByLabel("E-mail (they sign in with it)").FillAsync("zhoujiu@shop.example.cn");
        await dialog.GetByLabel("Account").FillAsync("zhoujiu");
        await ChooseAsync(page, dialog.GetByLabel("Team", new() { Exact = true }), "Invitees");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create the invitation" }).ClickAsync();
        await Expect(page.GetByText("Invitation for Zhou Jiu is ready")).ToBeVisibleAsync();
        var link = await page.GetByLabel("Invitation link", new() { Exact = true }).InputValueAsync();
        Assert.Matches($"^{Regex.Escape(host.Url)}/welcome#[A-Za-z0-9_-]{{43}}$", link);
        await page.Locator(".ant-modal-footer").GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "zhoujiu@shop.example.cn" })).ToContainTextAsync("Invited, no password yet");

        var invitee = await pages.OpenAsync();
        await invitee.GotoAsync(link);
        await Expect(invitee.GetByText("Zhou Jiu, choose the password you will sign in with as zhoujiu@shop.example.cn.")).ToBeVisibleAsync();
        await invitee.GetByLabel("Password", new() { Exact = true }).FillAsync("short");
        await invitee.GetByLabel("Repeat the password").FillAsync("short");
        await invitee.GetByRole(AriaRole.Button, new() { Name = "Set password and sign in" }).ClickAsync();
        await Expect(invitee.GetByText("Use at least 8 characters")).ToBeVisibleAsync();
        await invitee.GetByLabel("Password", new() { Exact = true }).FillAsync("zhou-jiu-password");
        await invitee.GetByLabel("Repeat the password").FillAsync("zhou-jiu-password");
        await invitee.GetByRole(AriaRole.Button, new() { Name = "Set password and sign in" }).ClickAsync();
        await Expect(invitee).ToHaveURLAsync(new Regex("/conversations"));
        await Expect(invitee.GetByRole(AriaRole.Button, new() { Name = "Account menu" })).ToContainTextAsync("Zhou Jiu");

        // The link is used up; the password is theirs.
        var again = await pages.OpenAsync();
        await again.GotoAsync(link);
        await Expect(again.GetByRole(AriaRole.Alert)).ToContainTextAsync("This invitation link does not work");
        await again.GetByRole(AriaRole.Link, new() { Name = "Go to sign-in" }).ClickAsync();
        await again.SignInAsync(host, "zhoujiu@shop.example.cn", "zhou-jiu-password");
    });

    [Fact]
    public Task A_deactivated_member_is_signed_out_and_cannot_sign_in_again() =>
        browser.RunAsync(nameof(A_deactivated_member_is_signed_out_and_cannot_sign_in_again), async pages =>
    {
        var team = await host.CreateTeamAsync("Night shift");
        await host.CreateMemberAsync("wushi", "Wu Shi", "wushi@shop.example.cn", Password, team);
        var agent = await pages.OpenAsync();
        await agent.SignInAsync(host, "wushi@shop.example.cn", Password);
        var page = await pages.OpenAsync();
        await page.SignInAsync(host, MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);
        await page.GotoAsync(host.Url + "/admin/people");

        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "wushi@shop.example.cn" });
        await row.GetByRole(AriaRole.Button, new() { Name = "Deactivate Wu Shi" }).ClickAsync();
        await Expect(page.GetByText("They are signed out at once and cannot sign in")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Deactivate" }).ClickAsync();
        await Expect(row).ToContainTextAsync("Deactivated");

        await agent.ReloadAsync();
        await Expect(agent).ToHaveURLAsync(new Regex("/sign-in$"));
        await agent.GetByLabel("Email").FillAsync("wushi@shop.example.cn");
        await agent.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await agent.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(agent.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await Expect(agent).ToHaveURLAsync(new Regex("/sign-in$"));

        await row.GetByRole(AriaRole.Button, new() { Name = "Reactivate Wu Shi" }).ClickAsync();
        await Expect(row).ToContainTextAsync("Active");
        await agent.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(agent).ToHaveURLAsync(new Regex("/conversations"));
    });

    [Fact]
    public Task In_Chinese_a_taken_account_and_a_team_that_is_not_empty_say_what_to_do() =>
        browser.RunAsync(nameof(In_Chinese_a_taken_account_and_a_team_that_is_not_empty_say_what_to_do), async pages =>
    {
        var team = await host.CreateTeamAsync("二线");
        await host.CreateMemberAsync("qianqi", "钱七", "qianqi@shop.example.cn", Password, team);
        var page = await pages.OpenAsync();
        await page.SignInAsync(host, MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);
        await page.EvaluateAsync("() => localStorage.setItem('mailhub.locale', 'zh-CN')");
        await page.GotoAsync(host.Url + "/admin/people");
        await Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "团队与成员" })).ToBeVisibleAsync();

        await Teams(page).GetByText("二线", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "删除" }).ClickAsync();
        // Ant Design spaces out a two-character Chinese label of a button without an icon: "删 除".
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^删\\s?除$") }).ClickAsync();
        await Expect(page.GetByText("二线 中还有成员或下级团队：请先把它们移到其他团队。")).ToBeVisibleAsync(new() { Timeout = 15_000 }); // the refusal can take a while on a loaded machine

        await page.GetByRole(AriaRole.Button, new() { Name = "邀请客服" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog).Filter(new() { HasText = "邀请客服" });
        await dialog.GetByLabel("姓名").FillAsync("另一个钱七");
        await dialog.GetByLabel("邮箱（用于登录）").FillAsync("qianqi2@shop.example.cn");
        await dialog.GetByLabel("账号").FillAsync("QianQi");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "生成邀请" }).ClickAsync();
        await Expect(dialog.GetByText("该账号已被占用：请换一个。")).ToBeVisibleAsync();
    });

    private static ILocator Teams(IPage page) => page.Locator(".people-teams .ant-tree");

    private static async Task CreateTeamAsync(IPage page, string name)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "New team" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByLabel("Team name").FillAsync(name);
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(page.GetByText($"Team {name} created.")).ToBeVisibleAsync();
        await Expect(Teams(page).GetByText(name, new() { Exact = true })).ToBeVisibleAsync();
    }

    /// <summary>Opens a select (or tree select) and clicks the option with that text in its open list.</summary>
    private static async Task ChooseAsync(IPage page, ILocator select, string option)
    {
        await select.ClickAsync();
        await page.Locator(".ant-select-dropdown:visible").GetByTitle(option, new() { Exact = true }).ClickAsync();
    }
}
