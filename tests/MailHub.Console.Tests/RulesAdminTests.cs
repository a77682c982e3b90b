using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Testing;
using static Microsoft.Playwright.Assertions;

namespace MailHub.Console.Tests;

/// <summary>
/// Issue #17's routing rules in the browser: a rule an admin makes routes the next mail to its team, and dragging a rule
/// above another changes which one wins in "Try it" (in Chinese).
/// </summary>
public sealed class RulesAdminTests(ConsoleHost host, Browser browser) : IClassFixture<ConsoleHost>, IClassFixture<Browser>
{
    [Fact]
    public Task A_rule_made_in_the_browser_routes_the_next_mail_to_its_team() =>
        browser.RunAsync(nameof(A_rule_made_in_the_browser_routes_the_next_mail_to_its_team), async pages =>
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var team = await host.CreateTeamAsync("After-sales " + suffix);
        var (_, mailbox) = await host.CreateSandboxMailboxAsync("Support " + suffix, "Support");
        var page = await pages.OpenAsync();
        await page.SignInAsync(host, MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);

        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Admin", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Routing rules" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        var drawer = page.GetByRole(AriaRole.Dialog, new() { Name = "New rule" });
        await drawer.GetByLabel("Rule name").FillAsync("Refunds to after-sales " + suffix);
        await ChooseAsync(page, drawer.GetByRole(AriaRole.Combobox, new() { Name = "Mailboxes" }), "Support " + suffix);
        var keywords = drawer.GetByRole(AriaRole.Combobox, new() { Name = "Subject or text keywords" });
        await keywords.FillAsync("refund");
        await keywords.PressAsync("Enter");
        await ChooseAsync(page, drawer.GetByRole(AriaRole.Combobox, new() { Name = "Team", Exact = true }), "After-sales " + suffix);
        var tags = drawer.GetByRole(AriaRole.Combobox, new() { Name = "Add tags" });
        await tags.FillAsync("refund");
        await tags.PressAsync("Enter");
        await drawer.GetByRole(AriaRole.Button, new() { Name = "Save rule" }).ClickAsync();
        var rules = page.GetByRole(AriaRole.Table, new() { Name = "Routing rules in the order they are tried" });
        var row = rules.GetByRole(AriaRole.Row).Filter(new() { HasText = "Refunds to after-sales " + suffix });
        await Expect(row).ToContainTextAsync("Team After-sales " + suffix);
        await Expect(row).ToContainTextAsync("Subject or text contains: “refund”");

        // The next mail to that mailbox about a refund goes to the team, tagged.
        var subject = "Refund for order 8812 " + suffix;
        await CustomerSmtp.SendAsync(await host.SmtpEndpointAsync(), CustomerMails.Customer, mailbox,
            CustomerMails.FromCustomer(mailbox, CustomerMails.NewMessageId(), subject, "Please refund my order, it arrived broken."));
        using var admin = await host.CreateClientAsync();
        var routed = await WaitForConversationAsync(admin, subject);
        Assert.Equal(team, routed.GetProperty("teamId").GetGuid());
        Assert.Contains("refund", routed.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
    });

    [Fact]
    public Task Dragging_a_rule_above_another_changes_which_wins_in_try_it_in_chinese() =>
        browser.RunAsync(nameof(Dragging_a_rule_above_another_changes_which_wins_in_try_it_in_chinese), async pages =>
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var finance = await host.CreateTeamAsync("财务 " + suffix);
        var presales = await host.CreateTeamAsync("售前 " + suffix);
        var (mailboxId, _) = await host.CreateSandboxMailboxAsync("客服 " + suffix, "客服");
        using var admin = await host.CreateClientAsync();
        var invoices = "发票 → 财务 " + suffix;
        var chinese = "中文 → 售前 " + suffix;
        await AddRuleAsync(admin, new { name = invoices, order = 10, conditions = new { mailboxIds = new[] { mailboxId }, keywords = new[] { "发票" } },
            assignTo = new { teamId = finance } });
        await AddRuleAsync(admin, new { name = chinese, order = 20, conditions = new { mailboxIds = new[] { mailboxId }, languages = new[] { "zh" } },
            assignTo = new { teamId = presales } });

        var page = await pages.OpenAsync();
        await page.SignInAsync(host, MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);
        await page.EvaluateAsync("localStorage.setItem('mailhub.locale', 'zh-CN')"); // as the header's language switch leaves it
        await page.GotoAsync(host.Url + "/admin/rules");
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "分配规则" }).WaitForAsync();

        var trial = page.Locator(".rules-try");
        await ChooseAsync(page, trial.GetByRole(AriaRole.Combobox, new() { Name = "收件邮箱" }), "客服 " + suffix);
        await trial.GetByLabel("发件人").FillAsync("li.na@example.cn");
        await trial.GetByLabel("主题").FillAsync("发票抬头开错了");
        await trial.GetByLabel("正文").FillAsync("请帮我重开发票，抬头是上海某某贸易有限公司。");
        await trial.GetByRole(AriaRole.Button, new() { Name = "试一试" }).ClickAsync();
        var result = page.GetByRole(AriaRole.Region, new() { Name = "所有规则（按顺序）" });
        await Expect(result).ToContainTextAsync($"“{invoices}”胜出：团队 财务 {suffix}。");
        await Expect(result).ToContainTextAsync("✓ 主题或正文包含：发票（找到：发票）");
        await Expect(result).ToContainTextAsync("匹配，但前面的规则先胜出");

        // Drag the Chinese rule above the invoices rule: the order is saved and the Chinese rule wins the same sample.
        var rows = page.GetByRole(AriaRole.Table, new() { Name = "按尝试顺序排列的分配规则" }).GetByRole(AriaRole.Row);
        await page.GetByRole(AriaRole.Button, new() { Name = $"拖动 {chinese} 以调整顺序" })
            .DragToAsync(rows.Filter(new() { HasText = invoices }));
        await Expect(page.GetByText("顺序已保存。")).ToBeVisibleAsync();
        await trial.GetByRole(AriaRole.Button, new() { Name = "试一试" }).ClickAsync();
        await Expect(result).ToContainTextAsync($"“{chinese}”胜出：团队 售前 {suffix}。");
        await Expect(result).ToContainTextAsync("✓ 语言：中文（找到：中文）");

        var order = (await admin.GetFromJsonAsync<JsonElement>("/api/routing/rules")).EnumerateArray()
            .Select(r => r.GetProperty("name").GetString()).Where(n => n == invoices || n == chinese).ToList();
        Assert.Equal([chinese, invoices], order);
    });

    /// <summary>Opens an Ant Design select, types to filter it, and picks the option.</summary>
    private static async Task ChooseAsync(IPage page, ILocator select, string option)
    {
        await select.ClickAsync();
        await select.FillAsync(option);
        await VisibleOptionAsync(page, option).ClickAsync();
    }

    /// <summary>The option of the open Ant Design dropdown (its accessible list beside it is hidden).</summary>
    private static ILocator VisibleOptionAsync(IPage page, string option) =>
        page.Locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option").Filter(new() { HasText = option }).First;

    private static async Task AddRuleAsync(HttpClient admin, object rule)
    {
        var response = await admin.PostAsJsonAsync("/api/routing/rules", rule);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<JsonElement> WaitForConversationAsync(HttpClient admin, string subject)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var list = await admin.GetFromJsonAsync<JsonElement>($"/api/conversations?view=all&q={Uri.EscapeDataString(subject)}", timeout.Token);
            foreach (var item in list.GetProperty("items").EnumerateArray())
            {
                if (item.GetProperty("subject").GetString() == subject && item.GetProperty("teamId").ValueKind != JsonValueKind.Null
                    && item.GetProperty("tags").GetArrayLength() > 0)
                    return item;
            }
            await Task.Delay(250, timeout.Token);
        }
    }
}
