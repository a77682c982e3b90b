using System.Net;
using System.Net.Http.Json;
using MailHub.Testing;
using static Microsoft.Playwright.Assertions;

namespace MailHub.Console.Tests;

/// <summary>The audit log page, in Chinese: the creation of a relay account is listed with who did it, and found by what and who.</summary>
public sealed class AuditAdminTests(ConsoleHost host, Browser browser) : IClassFixture<ConsoleHost>, IClassFixture<Browser>
{
    [Fact]
    public Task The_creation_of_a_relay_account_shows_in_the_audit_log_in_Chinese_and_the_filters_find_it_by_what_and_who() =>
        browser.RunAsync(nameof(The_creation_of_a_relay_account_shows_in_the_audit_log_in_Chinese_and_the_filters_find_it_by_what_and_who), async pages =>
    {
        // Two changes by the admin, of different kinds: a team and a relay account.
        using var admin = await host.CreateClientAsync();
        await host.CreateTeamAsync("售后部");
        var created = await admin.PostAsJsonAsync("/api/channels/relay-accounts", new { userName = "审计-relay", password = "relay-password-1" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var page = await pages.OpenAsync(locale: "zh-CN");
        await page.GotoAsync(host.Url + "/sign-in");
        await page.GetByLabel("邮箱").FillAsync(MailHubFactory.AdminEmail);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(MailHubFactory.AdminPassword);
        await page.GetByLabel("密码", new() { Exact = true }).PressAsync("Enter");
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "管理" }).ClickAsync();
        await page.GetByRole(AriaRole.Menu, new() { Name = "管理菜单" }).GetByRole(AriaRole.Menuitem, new() { Name = "审计日志" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "审计日志" })).ToBeVisibleAsync();

        // Newest first: the relay account, named in Chinese, by the admin, with its user name as the target.
        var relay = page.Locator("tr", new() { HasText = "创建中继账号" });
        await Expect(relay).ToContainTextAsync(MailHubFactory.AdminEmail);
        await Expect(relay).ToContainTextAsync("审计-relay");
        await Expect(page.Locator("tr", new() { HasText = "创建部门" })).ToHaveCountAsync(1);

        // What: only relay account creations.
        await page.GetByLabel("操作", new() { Exact = true }).ClickAsync();
        await page.GetByLabel("操作", new() { Exact = true }).FillAsync("中继");
        // Ant Design's list of options: the visible one (its accessible twin is hidden for screen readers' sake).
        await page.Locator(".ant-select-item-option", new() { HasText = "创建中继账号" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("what=CreateRelayAccount"));
        await Expect(page.Locator("tr", new() { HasText = "创建部门" })).ToHaveCountAsync(0);
        await Expect(relay).ToHaveCountAsync(1);

        // Who: someone else did none of it.
        await page.GetByLabel("操作人").FillAsync("nobody@example.com");
        await Expect(page.GetByText("没有符合筛选条件的记录。")).ToBeVisibleAsync();
        await page.GetByLabel("操作人").FillAsync(MailHubFactory.AdminEmail);
        await Expect(relay).ToHaveCountAsync(1);

        await page.GetByRole(AriaRole.Button, new() { Name = "清除筛选" }).ClickAsync();
        await Expect(page.Locator("tr", new() { HasText = "创建部门" })).ToHaveCountAsync(1);
    });
}
