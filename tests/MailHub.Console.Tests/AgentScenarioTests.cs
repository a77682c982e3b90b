using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MailHub.Testing;
using static Microsoft.Playwright.Assertions;

namespace MailHub.Console.Tests;

/// <summary>
/// Issue #16's scenario, in the browser: a customer's mail reaches the agent's list live, the agent answers it (the
/// sandbox captures the reply with its thread headers), mentions a teammate in a note and transfers it to them, who
/// sees both live in their own browser; the teammate closes it and the customer's answer reopens it before their eyes;
/// the console in Chinese; and an agent of another team never sees it.
/// </summary>
public sealed class AgentScenarioTests(ConsoleHost host, Browser browser) : IClassFixture<ConsoleHost>, IClassFixture<Browser>
{
    private const string Password = "agent-password-1";

    [Fact]
    public Task A_mail_is_answered_noted_with_a_mention_transferred_closed_and_reopened_by_the_customer_across_two_agents_browsers() =>
        browser.RunAsync(nameof(A_mail_is_answered_noted_with_a_mention_transferred_closed_and_reopened_by_the_customer_across_two_agents_browsers), async pages =>
    {
        var desk = await Desk.SetUpAsync(host);
        var liSi = await pages.OpenAsync();
        await liSi.SignInAsync(host, desk.LiSiEmail, Password);
        var wangWu = await pages.OpenAsync();
        await wangWu.SignInAsync(host, desk.WangWuEmail, Password);
        // 王五 steps away: routing gives new mail to 李四 only (both had opened the console, so both were online).
        await wangWu.GetByRole(AriaRole.Radiogroup, new() { Name = "Presence" }).GetByText("Away").ClickAsync();
        await Expect(wangWu.GetByRole(AriaRole.Radio, new() { Name = "Away" })).ToBeCheckedAsync();
        await desk.WaitForPresenceAsync(desk.WangWu, "away");
        await desk.WaitForPresenceAsync(desk.LiSi, "online");

        // A customer's mail over SMTP shows up in 李四's list without a reload.
        var subject = "发票抬头开错了 " + desk.Suffix;
        var customerMessageId = CustomerMails.NewMessageId();
        await desk.SendAsync(subject, "你好，发票抬头应该是「上海某某贸易有限公司」，请重开。", customerMessageId);
        var row = liSi.Locator("li[data-conversation]", new() { HasText = subject });
        await Expect(row).ToBeVisibleAsync(new() { Timeout = 20_000 });
        var conversation = Guid.Parse((await row.GetAttributeAsync("data-conversation"))!);

        // 李四 opens it and answers; the sandbox captures the reply with the thread's headers.
        await row.Locator(".list-row-subject").ClickAsync();
        await Expect(liSi).ToHaveURLAsync(new Regex($"/conversations/{conversation}"));
        await Expect(liSi.GetByText("请重开。", new() { Exact = false }).First).ToBeVisibleAsync();
        await liSi.GetByRole(AriaRole.Tab, new() { Name = "Reply", Exact = true }).ClickAsync();
        await liSi.GetByRole(AriaRole.Textbox, new() { Name = "Message" }).FillAsync("您好，已为您重开发票，今天寄出。");
        await liSi.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        using var admin = await host.CreateClientAsync();
        var captured = await admin.GetFromJsonAsync<JsonElement>(
            $"/api/sandbox/messages/wait?to={CustomerMails.Customer}&subject={Uri.EscapeDataString(subject)}&timeout=30");
        var reply = await admin.GetFromJsonAsync<JsonElement>($"/api/sandbox/messages/{captured.GetProperty("id").GetGuid()}");
        Assert.Equal([customerMessageId], reply.GetProperty("inReplyTo").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains(customerMessageId, reply.GetProperty("references").EnumerateArray().Select(r => r.GetString()));
        Assert.StartsWith("Re: ", reply.GetProperty("subject").GetString(), StringComparison.Ordinal);
        var replyMessageId = reply.GetProperty("messageId").GetString()!;

        // 王五 looks at it too: 李四 sees "王五 is viewing".
        await wangWu.GotoAsync($"{host.Url}/conversations/{conversation}");
        await Expect(wangWu.GetByText("请重开。", new() { Exact = false }).First).ToBeVisibleAsync();
        // Through 王五's new live connection (the page was loaded anew), their agent's grain and the fan-out to 李四's node.
        await Expect(liSi.Locator(".thread-head").GetByRole(AriaRole.Status, new() { Name = "王五 is viewing" })).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(row.GetByRole(AriaRole.Status, new() { Name = "王五 is viewing" })).ToBeVisibleAsync(); // and on the row of the list

        // A note naming 王五 rings 王五's bell at once.
        await liSi.GetByRole(AriaRole.Tab, new() { Name = "Note", Exact = true }).ClickAsync();
        await liSi.GetByRole(AriaRole.Textbox, new() { Name = "Internal note" }).FillAsync("@王五 这位客户上次也开错过发票，请留意。");
        await liSi.GetByRole(AriaRole.Button, new() { Name = "Add note", Exact = true }).ClickAsync();
        await wangWu.GetByRole(AriaRole.Button, new() { Name = "Notifications, 1 unread" }).ClickAsync();
        var panel = wangWu.GetByRole(AriaRole.Dialog, new() { Name = "Notifications" });
        await Expect(panel).ToContainTextAsync("李四 mentioned you in a note");
        await Expect(panel).ToContainTextAsync("这位客户上次也开错过发票");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Close notifications" }).ClickAsync();

        // 李四 transfers it to 王五 with a note; 王五 is told live and has it in their own list.
        var actions = liSi.GetByRole(AriaRole.Toolbar, new() { Name = "Conversation actions" });
        await actions.GetByRole(AriaRole.Button, new() { Name = "Transfer", Exact = true }).ClickAsync();
        var transfer = liSi.GetByRole(AriaRole.Dialog, new() { Name = "Transfer the conversation" });
        var agent = transfer.GetByRole(AriaRole.Combobox, new() { Name = "Agent", Exact = true });
        await agent.FillAsync("王五");
        await Expect(liSi.Locator(".ant-select-item-option-active")).ToContainTextAsync("王五");
        await agent.PressAsync("Enter");
        await transfer.GetByLabel("Note for the receiver").FillAsync("客户着急，今天内处理。");
        await transfer.GetByRole(AriaRole.Button, new() { Name = "Transfer", Exact = true }).ClickAsync();
        await wangWu.GetByRole(AriaRole.Button, new() { Name = "Notifications, 2 unread" }).ClickAsync();
        await Expect(panel).ToContainTextAsync("李四 transferred a conversation to you");
        await Expect(panel).ToContainTextAsync("客户着急，今天内处理。");
        await panel.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("transferred a conversation to you") }).ClickAsync();
        await Expect(wangWu.Locator("li[data-conversation]", new() { HasText = subject })).ToBeVisibleAsync();

        // 王五 closes it; the customer's answer to the reply reopens it in front of them.
        var wangActions = wangWu.GetByRole(AriaRole.Toolbar, new() { Name = "Conversation actions" });
        await wangActions.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).ClickAsync();
        await Expect(wangActions.GetByRole(AriaRole.Button, new() { Name = "Reopen", Exact = true })).ToBeVisibleAsync();
        await desk.SendAsync("Re: " + subject, "收到了，谢谢！还想问一下发票什么时候到？", CustomerMails.NewMessageId(), inReplyTo: replyMessageId);
        await Expect(wangWu.GetByText("还想问一下发票什么时候到", new() { Exact = false }).First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(wangActions.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true })).ToBeVisibleAsync();
        var detail = await admin.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}");
        Assert.Equal("open", detail.GetProperty("status").GetString());
        Assert.Equal(desk.WangWu, detail.GetProperty("assignee").GetProperty("id").GetGuid());
    });

    [Fact]
    public Task The_console_speaks_Chinese_and_an_agent_of_another_team_never_sees_the_conversation() =>
        browser.RunAsync(nameof(The_console_speaks_Chinese_and_an_agent_of_another_team_never_sees_the_conversation), async pages =>
    {
        var desk = await Desk.SetUpAsync(host, teammate: "钱七");
        var subject = "退货地址 " + desk.Suffix;
        var liSi = await pages.OpenAsync(locale: "zh-CN");
        await SignInInChineseAsync(liSi, desk.LiSiEmail);
        await desk.WaitForPresenceAsync(desk.LiSi, "online");
        await desk.SendAsync(subject, "请问退货寄到哪里？", CustomerMails.NewMessageId());

        var row = liSi.Locator("li[data-conversation]", new() { HasText = subject });
        await Expect(row).ToBeVisibleAsync(new() { Timeout = 20_000 });
        var conversation = Guid.Parse((await row.GetAttributeAsync("data-conversation"))!);
        await Expect(liSi.GetByRole(AriaRole.Radiogroup, new() { Name = "在线状态" }).GetByRole(AriaRole.Radio, new() { Name = "在线" })).ToBeCheckedAsync();
        await Expect(liSi.GetByRole(AriaRole.Button, new() { Name = "通知" })).ToBeVisibleAsync();
        await row.Locator(".list-row-subject").ClickAsync();
        await Expect(liSi.GetByText("请问退货寄到哪里？").First).ToBeVisibleAsync();
        await Expect(liSi.GetByRole(AriaRole.Tab, new() { Name = "回复", Exact = true })).ToBeVisibleAsync();
        await Expect(liSi.GetByRole(AriaRole.Toolbar, new() { Name = "会话操作" })).ToBeVisibleAsync();

        // 赵六 of the second line: not in their list, and the link shows nothing of it.
        var zhaoLiu = await pages.OpenAsync();
        await zhaoLiu.SignInAsync(host, desk.ZhaoLiuEmail, Password);
        // Their list has been read (not loading) and is empty: the first line's conversation is not in it.
        await Expect(zhaoLiu.GetByRole(AriaRole.List, new() { Name = "Conversation list" })).ToHaveAttributeAsync("aria-busy", "false");
        await Expect(zhaoLiu.GetByText("No conversations here.")).ToBeVisibleAsync();
        await Expect(zhaoLiu.GetByText(subject)).ToHaveCountAsync(0);
        await zhaoLiu.GotoAsync($"{host.Url}/conversations/{conversation}");
        await Expect(zhaoLiu.GetByText("There is no such conversation, or it is not one of your teams'.")).ToBeVisibleAsync();
        await Expect(zhaoLiu.GetByText(subject)).ToHaveCountAsync(0);
        await Expect(zhaoLiu.GetByText("请问退货寄到哪里？")).ToHaveCountAsync(0);
    });

    private async Task SignInInChineseAsync(IPage page, string email)
    {
        await page.GotoAsync(host.Url + "/sign-in");
        await page.GetByLabel("邮箱").FillAsync(email);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("密码", new() { Exact = true }).PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("/conversations"));
    }

    /// <summary>
    /// Two teams: the first line (李四, 王五) gets the sandbox mailbox's mail by a round-robin rule; the second line has 赵六.
    /// Names and addresses carry a suffix of their own, so the tests of this class share one host.
    /// </summary>
    private sealed class Desk
    {
        private ConsoleHost _host = null!;

        public string Suffix { get; } = Guid.NewGuid().ToString("N")[..6];

        public Guid LiSi { get; private set; }

        public Guid WangWu { get; private set; }

        public string LiSiEmail => $"lisi.{Suffix}@shop.example.cn";

        public string WangWuEmail => $"wangwu.{Suffix}@shop.example.cn";

        public string ZhaoLiuEmail => $"zhaoliu.{Suffix}@shop.example.cn";

        public string Mailbox { get; private set; } = "";

        public static async Task<Desk> SetUpAsync(ConsoleHost host, string teammate = "王五")
        {
            var desk = new Desk { _host = host };
            var firstLine = await host.CreateTeamAsync("一线 " + desk.Suffix);
            var secondLine = await host.CreateTeamAsync("二线 " + desk.Suffix);
            desk.LiSi = await host.CreateMemberAsync("lisi" + desk.Suffix, "李四", desk.LiSiEmail, Password, firstLine);
            desk.WangWu = await host.CreateMemberAsync("wangwu" + desk.Suffix, teammate, desk.WangWuEmail, Password, firstLine);
            await host.CreateMemberAsync("zhaoliu" + desk.Suffix, "赵六", desk.ZhaoLiuEmail, Password, secondLine);
            var (mailboxId, address) = await host.CreateSandboxMailboxAsync("Support " + desk.Suffix, "客服中心");
            desk.Mailbox = address;
            using var admin = await host.CreateClientAsync();
            var rule = await admin.PostAsJsonAsync("/api/routing/rules", new
            {
                name = "support → 一线 " + desk.Suffix, order = 1, conditions = new { mailboxIds = new[] { mailboxId } },
                assignTo = new { teamId = firstLine }, strategy = "round-robin",
            });
            Assert.True(rule.IsSuccessStatusCode, await rule.Content.ReadAsStringAsync());
            return desk;
        }

        public async Task SendAsync(string subject, string text, string messageId, string? inReplyTo = null) =>
            await CustomerSmtp.SendAsync(await _host.SmtpEndpointAsync(), CustomerMails.Customer, Mailbox,
                CustomerMails.FromCustomer(Mailbox, messageId, subject, text, inReplyTo));

        /// <summary>Opening the console signs an agent in through the live connection, a moment after the page shows.</summary>
        public async Task WaitForPresenceAsync(Guid agent, string status)
        {
            using var admin = await _host.CreateClientAsync();
            await Eventually.GetAsync<object>(async () =>
                (await admin.GetFromJsonAsync<JsonElement>($"/api/routing/agents/{agent}")).GetProperty("status").GetString() == status ? new object() : null,
                $"agent {agent} {status}", TimeSpan.FromSeconds(20));
        }
    }
}
