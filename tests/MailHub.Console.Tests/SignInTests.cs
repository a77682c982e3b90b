using System.Net.Http.Json;
using System.Text.RegularExpressions;
using MailHub.Testing;
using static Microsoft.Playwright.Assertions;

namespace MailHub.Console.Tests;

/// <summary>Signing in and out of the console, its two languages, and the password a reset account must change first.</summary>
public sealed class SignInTests(ConsoleHost host, Browser browser) : IClassFixture<ConsoleHost>, IClassFixture<Browser>
{
    [Fact]
    public Task An_admin_signs_in_stays_signed_in_after_a_reload_and_signs_out() => browser.RunAsync(nameof(An_admin_signs_in_stays_signed_in_after_a_reload_and_signs_out), async pages =>
    {
        var page = await pages.OpenAsync();
        await page.GotoAsync(host.Url + "/conversations");
        await Expect(page).ToHaveURLAsync(new Regex("/sign-in$")); // not signed in: the form first
        await page.SignInAsync(host, MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Account menu" })).ToContainTextAsync("Administrator");
        await page.ReloadAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/conversations"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Account menu" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Account menu" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/sign-in"));
        await page.GotoAsync(host.Url + "/conversations");
        await Expect(page).ToHaveURLAsync(new Regex("/sign-in")); // the session is over on the server too
    });

    [Fact]
    public Task A_wrong_password_is_refused_with_what_to_do() => browser.RunAsync(nameof(A_wrong_password_is_refused_with_what_to_do), async pages =>
    {
        var page = await pages.OpenAsync();
        await page.GotoAsync(host.Url + "/sign-in");
        await page.GetByLabel("Email").FillAsync(MailHubFactory.AdminEmail);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Wrong e-mail or password");
        await Expect(page).ToHaveURLAsync(new Regex("/sign-in$"));
    });

    [Fact]
    public Task A_Chinese_browser_gets_the_Chinese_console_and_the_language_switch_is_remembered() => browser.RunAsync(nameof(A_Chinese_browser_gets_the_Chinese_console_and_the_language_switch_is_remembered), async pages =>
    {
        var page = await pages.OpenAsync(locale: "zh-CN");
        await page.GotoAsync(host.Url + "/sign-in");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "登 录" }).Or(page.GetByRole(AriaRole.Button, new() { Name = "登录" }))).ToBeVisibleAsync();
        await page.GetByLabel("邮箱").FillAsync(MailHubFactory.AdminEmail);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(MailHubFactory.AdminPassword);
        await page.GetByLabel("密码", new() { Exact = true }).PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "会话" })).ToBeVisibleAsync();
        Assert.Equal("zh-CN", await page.EvaluateAsync<string>("document.documentElement.lang"));

        await page.GetByLabel("语言").ClickAsync();
        await page.GetByTitle("English").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "Conversations" })).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "Conversations" })).ToBeVisibleAsync();
    });

    [Fact]
    public Task An_agent_whose_password_was_reset_must_choose_a_new_one_first() => browser.RunAsync(nameof(An_agent_whose_password_was_reset_must_choose_a_new_one_first), async pages =>
    {
        var team = await host.CreateTeamAsync("售后");
        var id = await host.CreateMemberAsync("zhaoliu", "赵六", "zhaoliu@shop.example.cn", "first-password-1", team);
        using (var admin = await host.CreateClientAsync())
            (await admin.PutAsJsonAsync($"/api/directory/members/{id}", new { password = "reset-password-2" })).EnsureSuccessStatusCode();

        var page = await pages.OpenAsync();
        await page.GotoAsync(host.Url + "/sign-in");
        await page.GetByLabel("Email").FillAsync("zhaoliu@shop.example.cn");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("reset-password-2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/password$"));

        await page.GetByLabel("Current password").FillAsync("reset-password-2");
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("my-own-password-3");
        await page.GetByLabel("Repeat the new password").FillAsync("my-own-password-3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/conversations"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Account menu" })).ToContainTextAsync("赵六");
    });
}
