using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MailHub.Testing;
using static Microsoft.Playwright.Assertions;

namespace MailHub.Console.Tests;

/// <summary>The sandbox page's Failure injection tab: rules listed, added (inbound and outbound), removed, all removed; en and zh-CN.</summary>
public sealed class SandboxChaosAdminTests(ConsoleHost host, Browser browser) : IClassFixture<ConsoleHost>, IClassFixture<Browser>
{
    private async Task<JsonElement> RulesAsync()
    {
        using var admin = await host.CreateClientAsync();
        return (await admin.GetFromJsonAsync<JsonElement>("/api/sandbox/chaos")).GetProperty("rules");
    }

    /// <summary>The option of the open Ant Design dropdown (its accessible list beside it is hidden).</summary>
    private static async Task PickAsync(IPage page, ILocator select, string option)
    {
        await select.ClickAsync();
        await page.Locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option").Filter(new() { HasText = option }).First.ClickAsync();
    }

    [Fact]
    public Task An_admin_adds_an_inbound_and_an_outbound_rule_and_removes_one() =>
        browser.RunAsync(nameof(An_admin_adds_an_inbound_and_an_outbound_rule_and_removes_one), async pages =>
    {
        using (var admin = await host.CreateClientAsync())
            await admin.PutAsJsonAsync("/api/sandbox/chaos", new { rules = Array.Empty<object>() });
        var page = await pages.OpenAsync();
        await page.SignInAsync(host, MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);
        await page.GotoAsync($"{host.Url}/admin/sandbox/chaos");
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Failure injection" })).ToHaveAttributeAsync("aria-selected", "true");
        var table = page.GetByRole(AriaRole.Table, new() { Name = "Failure-injection rules" });
        await Expect(table).ToContainTextAsync("No rules: nothing fails on purpose.");

        // Inbound: RCPT TO (the form's default stage), 451 for one pattern.
        await page.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Add rule" });
        await dialog.GetByLabel("Pattern").FillAsync("*@flaky.example");
        await dialog.GetByLabel("Reply text").FillAsync("4.7.1 Try again later");
        await dialog.GetByLabel("Probability (%)").FillAsync("50");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(page.GetByText("The rule is in force.")).ToBeVisibleAsync();
        await Expect(table).ToContainTextAsync("451 4.7.1 Try again later");
        await Expect(table).ToContainTextAsync("RCPT TO");
        await Expect(table).ToContainTextAsync("50 %");

        // Outbound: accept, then bounce with a DSN status, in the same page: the dialog closed with the first rule in force.
        await Expect(dialog).ToBeHiddenAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        // The dialog opens fresh (the first rule's fields were reset when it closed), and its Add is not busy.
        await Expect(dialog.GetByLabel("Pattern")).ToHaveValueAsync("");
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true })).ToBeEnabledAsync();
        await PickAsync(page, dialog.GetByRole(AriaRole.Combobox, new() { Name = "Direction" }), "Outbound (captured mail)");
        await PickAsync(page, dialog.GetByRole(AriaRole.Combobox, new() { Name = "Action" }), "Accept, then bounce");
        await dialog.GetByLabel("Pattern").FillAsync("*@gone.example");
        await dialog.GetByLabel("DSN status").FillAsync("5.1.1");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(table.GetByRole(AriaRole.Row)).ToHaveCountAsync(3); // the header and two rules
        await Expect(table).ToContainTextAsync("Accept, then bounce 5.1.1");

        var rules = await RulesAsync();
        Assert.Equal(2, rules.GetArrayLength());
        Assert.Equal(("inbound", "rcpt", "*@flaky.example", 451, 50),
            (rules[0].GetProperty("direction").GetString(), rules[0].GetProperty("stage").GetString(), rules[0].GetProperty("pattern").GetString(),
             rules[0].GetProperty("code").GetInt32(), rules[0].GetProperty("probability").GetInt32()));
        Assert.Equal(("outbound", "bounce", "5.1.1"),
            (rules[1].GetProperty("direction").GetString(), rules[1].GetProperty("action").GetString(), rules[1].GetProperty("status").GetString()));

        // A stage before RCPT says where it acts: only on SMTP endpoints marked sandbox, of which this host has none.
        await page.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        await PickAsync(page, dialog.GetByRole(AriaRole.Combobox, new() { Name = "Stage" }), "MAIL FROM");
        await Expect(dialog).ToContainTextAsync("act only on SMTP endpoints marked sandbox");
        await Expect(dialog).ToContainTextAsync("Sandbox endpoints on this node: none, so such a rule never fires here.");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        // Remove the first: the bounce rule stays.
        await table.GetByRole(AriaRole.Button, new() { Name = "Remove rule 1" }).ClickAsync();
        await page.Locator(".ant-popconfirm").GetByRole(AriaRole.Button, new() { Name = "Remove", Exact = true }).ClickAsync();
        await Expect(page.GetByText("The rule was removed.")).ToBeVisibleAsync();
        await Expect(table).Not.ToContainTextAsync("*@flaky.example");
        rules = await RulesAsync();
        Assert.Equal("*@gone.example", Assert.Single(rules.EnumerateArray()).GetProperty("pattern").GetString());
    });

    [Fact]
    public Task In_chinese_the_rules_read_in_chinese_and_remove_all_turns_injection_off() =>
        browser.RunAsync(nameof(In_chinese_the_rules_read_in_chinese_and_remove_all_turns_injection_off), async pages =>
    {
        using (var admin = await host.CreateClientAsync())
        {
            var put = await admin.PutAsJsonAsync("/api/sandbox/chaos", new
            {
                rules = new object[]
                {
                    new { direction = "inbound", stage = "connect", action = "drop" },
                    new { direction = "outbound", pattern = "*@gone.example", action = "bounce" },
                },
            });
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }
        var page = await pages.OpenAsync();
        await page.SignInAsync(host, MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);
        await page.EvaluateAsync("localStorage.setItem('mailhub.locale', 'zh-CN')"); // as the header's language switch leaves it
        await page.GotoAsync($"{host.Url}/admin/sandbox/chaos");
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "故障注入" })).ToHaveAttributeAsync("aria-selected", "true");
        var table = page.GetByRole(AriaRole.Table, new() { Name = "故障注入规则" });
        await Expect(table).ToContainTextAsync("入站（SMTP 监听器）");
        await Expect(table).ToContainTextAsync("断开连接");
        await Expect(table).ToContainTextAsync("先接受，再退信 5.1.1");
        await Expect(table.GetByRole(AriaRole.Button, new() { Name = "移除第 2 条规则" })).ToBeVisibleAsync();
        // The connect rule acts only on endpoints marked sandbox: the page says so (this host has none).
        await Expect(page.GetByText("连接、EHLO、AUTH 和 MAIL FROM 阶段的规则只作用于标记为沙箱的 SMTP 端点")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "全部移除" }).ClickAsync();
        await page.Locator(".ant-popconfirm").GetByRole(AriaRole.Button, new() { Name = "全部移除" }).ClickAsync();
        await Expect(page.GetByText("故障注入已关闭。")).ToBeVisibleAsync();
        await Expect(table).ToContainTextAsync("没有规则：不会故意出错。");
        Assert.Equal(0, (await RulesAsync()).GetArrayLength());
        await Expect(page).ToHaveURLAsync(new Regex("/admin/sandbox/chaos$"));
    });
}
