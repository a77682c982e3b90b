using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MailHub.Mail.Outgoing;
using MailHub.Testing;
using MimeKit;
using static Microsoft.Playwright.Assertions;

namespace MailHub.Console.Tests;

/// <summary>
/// A conversation opened in the console: the customer's HTML mail in its sandboxed frame (no script, remote images only
/// when asked), quoted text folded, attachments downloaded under their names, and the actions an agent takes on it.
/// </summary>
public sealed class ConversationThreadTests(ConsoleHost host, Browser browser) : IClassFixture<ConsoleHost>, IClassFixture<Browser>, IAsyncLifetime
{
    private ImageServer _images = null!;
    private string _mailbox = "";

    public async Task InitializeAsync()
    {
        _images = await ImageServer.StartAsync();
        _mailbox = (await host.CreateSandboxMailboxAsync("Support " + Guid.NewGuid().ToString("N")[..6], "Shop Support")).Address;
    }

    public async Task DisposeAsync() => await _images.DisposeAsync();

    [Fact]
    public Task An_HTML_mail_runs_no_script_and_loads_its_remote_image_only_after_Show_images() => browser.RunAsync(nameof(An_HTML_mail_runs_no_script_and_loads_its_remote_image_only_after_Show_images), async pages =>
    {
        _images.Serve("/banner.png", "image/png", ImageServer.Png);
        var id = await DeliverAsync("Spring sale 春季促销", "Our spring sale starts today.", html: $"""
            <p>春季促销今天开始。</p>
            <script>parent.document.title = "script ran";</script>
            <img src="x" onerror="parent.document.title = 'handler ran'">
            <img alt="banner" src="{_images.Url("/banner.png")}">
            """);
        var page = await SignedInAsync(pages);

        await page.GotoAsync($"{host.Url}/conversations/{id}");
        var frame = page.FrameLocator("iframe[title^='Message from']");
        await Expect(frame.GetByText("春季促销今天开始。")).ToBeVisibleAsync();
        var sandbox = await page.Locator("iframe[title^='Message from']").GetAttributeAsync("sandbox");
        Assert.DoesNotContain("allow-scripts", sandbox, StringComparison.Ordinal);
        Assert.Equal(0, await frame.Locator("script").CountAsync());
        Assert.DoesNotContain("ran", await page.TitleAsync(), StringComparison.Ordinal);
        Assert.Empty(_images.Requests); // the sender has not learnt the mail was opened

        await page.GetByRole(AriaRole.Button, new() { Name = "Show images" }).ClickAsync();
        var banner = page.FrameLocator("iframe[title^='Message from']").GetByAltText("banner");
        await Expect(banner).ToHaveAttributeAsync("src", new Regex("^/api/messages/.+/remote-image\\?url="));
        Assert.True(await Eventually.HoldsAsync(() => banner.EvaluateAsync<bool>("img => img.complete && img.naturalWidth === 1"), TimeSpan.FromSeconds(10)),
            "the remote image did not load through the proxy");
        Assert.Single(_images.Requests);
        Assert.DoesNotContain("cookie", _images.Requests.Single().Headers.Keys);
        Assert.DoesNotContain("ran", await page.TitleAsync(), StringComparison.Ordinal);
    });

    [Fact]
    public Task Quoted_text_is_folded_until_the_agent_asks_for_it() => browser.RunAsync(nameof(Quoted_text_is_folded_until_the_agent_asks_for_it), async pages =>
    {
        var id = await DeliverAsync("Re: 订单 4711", """
            还是没有收到，请再查一下。

            On Mon, 7 Dec 2026 at 10:00, Shop Support <support@shop.example> wrote:
            > 您的包裹已经发出，单号 SF123456。
            > 祝好
            """);
        var page = await SignedInAsync(pages);

        await page.GotoAsync($"{host.Url}/conversations/{id}");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Messages" }).GetByText("还是没有收到，请再查一下。")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Messages" }).GetByText("单号 SF123456", new() { Exact = false })).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "Show quoted text" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Messages" }).GetByText("单号 SF123456", new() { Exact = false })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Hide quoted text" })).ToBeVisibleAsync();
    });

    [Fact]
    public Task An_attachment_downloads_under_its_own_Chinese_name_and_a_PDF_previews_in_a_tab() => browser.RunAsync(nameof(An_attachment_downloads_under_its_own_Chinese_name_and_a_PDF_previews_in_a_tab), async pages =>
    {
        var pdf = "%PDF-1.4 发票 2026-0042"u8.ToArray();
        var id = await DeliverAsync("发票", "发票见附件。", attachment: ("发票 2026-0042.pdf", pdf));
        var page = await SignedInAsync(pages);

        await page.GotoAsync($"{host.Url}/conversations/{id}");
        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Link, new() { Name = "Download 发票 2026-0042.pdf" }).ClickAsync());

        Assert.Equal("发票 2026-0042.pdf", download.SuggestedFilename);
        Assert.Equal(pdf, await File.ReadAllBytesAsync(await download.PathAsync()));

        // The preview opens the PDF in a tab of its own (the console frames nothing), from the bytes it read.
        var preview = await page.RunAndWaitForPopupAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Preview 发票 2026-0042.pdf" }).ClickAsync());
        await Expect(preview).ToHaveURLAsync(new Regex("^blob:"));
    });

    [Fact]
    public Task An_agent_transfers_closes_reopens_and_snoozes_a_conversation() => browser.RunAsync(nameof(An_agent_transfers_closes_reopens_and_snoozes_a_conversation), async pages =>
    {
        var team = await host.CreateTeamAsync("售后 " + Guid.NewGuid().ToString("N")[..4]);
        await host.CreateMemberAsync("lisi" + Guid.NewGuid().ToString("N")[..4], "李四", $"lisi.{Guid.NewGuid():N}@shop.example", "lisi-password-1", team);
        var id = await DeliverAsync("退货申请", "我想退货。");
        var page = await SignedInAsync(pages);
        await page.GotoAsync($"{host.Url}/conversations/{id}");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Messages" }).GetByText("我想退货。")).ToBeVisibleAsync();
        var actions = page.GetByRole(AriaRole.Toolbar, new() { Name = "Conversation actions" });

        await actions.GetByRole(AriaRole.Button, new() { Name = "Transfer", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Transfer the conversation" });
        var agent = dialog.GetByRole(AriaRole.Combobox, new() { Name = "Agent", Exact = true });
        await agent.FillAsync("李四"); // by keyboard, as the select offers it: type to find, Enter to choose
        await Expect(page.Locator(".ant-select-item-option-active")).ToContainTextAsync("李四");
        await agent.PressAsync("Enter");
        await dialog.GetByLabel("Note for the receiver").FillAsync("客户要退货，请跟进。");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Transfer", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Assignee: 李四")).ToBeVisibleAsync();

        await actions.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).ClickAsync();
        await Expect(page.Locator(".thread-status")).ToHaveTextAsync("Closed");
        await actions.GetByRole(AriaRole.Button, new() { Name = "Reopen", Exact = true }).ClickAsync();
        await Expect(page.Locator(".thread-status")).ToHaveTextAsync("Open");
        await Expect(actions.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true })).ToBeVisibleAsync();

        await actions.GetByRole(AriaRole.Button, new() { Name = "Snooze", Exact = true }).ClickAsync();
        var snooze = page.GetByRole(AriaRole.Dialog, new() { Name = "Snooze until" });
        await snooze.GetByRole(AriaRole.Button, new() { Name = "Tomorrow morning" }).ClickAsync();
        await snooze.GetByRole(AriaRole.Button, new() { Name = "Snooze", Exact = true }).ClickAsync();
        await Expect(page.Locator(".thread-status")).ToHaveTextAsync("Snoozed");
        await Expect(page.Locator(".thread-meta").GetByText(new Regex("^Snoozed until .*9:00"))).ToBeVisibleAsync();

        await actions.GetByRole(AriaRole.Combobox, new() { Name = "Priority", Exact = true }).ClickAsync();
        await page.Locator(".ant-select-item-option", new() { HasText = "Urgent" }).ClickAsync();
        var tags = actions.GetByRole(AriaRole.Combobox, new() { Name = "Tags", Exact = true });
        await tags.FillAsync("退货");
        await tags.PressAsync("Enter");

        var history = page.GetByRole(AriaRole.Region, new() { Name = "History" });
        await Expect(history).ToContainTextAsync("transferred it to 李四");
        await Expect(history).ToContainTextAsync("closed it");
        await Expect(history).ToContainTextAsync("reopened it");
        await Expect(history).ToContainTextAsync("snoozed it");
        await Expect(history).ToContainTextAsync("set the priority to Urgent");
        await Expect(history).ToContainTextAsync("set the tags: 退货");
    });

    [Fact]
    public Task A_supervisor_takes_a_conversation_merges_it_into_the_customers_other_one_and_edits_the_customer() => browser.RunAsync(nameof(A_supervisor_takes_a_conversation_merges_it_into_the_customers_other_one_and_edits_the_customer), async pages =>
    {
        var customer = $"wangwu.{Guid.NewGuid():N}@customer.example.com"; // a customer of this test alone
        var first = await DeliverAsync("换货 颜色", "想换个颜色。", from: customer);
        var second = await DeliverAsync("换货 尺码", "尺码也要换。", from: customer);
        var team = await host.CreateTeamAsync("换货组 " + Guid.NewGuid().ToString("N")[..4]);
        var email = $"zhaoliu.{Guid.NewGuid():N}@shop.example";
        await host.CreateMemberAsync("zhaoliu" + Guid.NewGuid().ToString("N")[..4], "赵六", email, "zhaoliu-password-1", team, role: "supervisor");
        var page = await pages.OpenAsync();
        await page.SignInAsync(host, email, "zhaoliu-password-1");
        await page.GotoAsync($"{host.Url}/conversations/{second}");
        var actions = page.GetByRole(AriaRole.Toolbar, new() { Name = "Conversation actions" });

        await actions.GetByRole(AriaRole.Button, new() { Name = "Assign to me" }).ClickAsync();
        await Expect(page.GetByText("Assignee: 赵六")).ToBeVisibleAsync();
        await Expect(actions.GetByRole(AriaRole.Button, new() { Name = "Assign to me" })).ToHaveCountAsync(0);

        await actions.GetByRole(AriaRole.Button, new() { Name = "Merge", Exact = true }).ClickAsync();
        var merge = page.GetByRole(AriaRole.Dialog, new() { Name = "Merge into another conversation" });
        await merge.GetByRole(AriaRole.Radio, new() { NameRegex = new Regex("换货 颜色") }).CheckAsync();
        await merge.GetByRole(AriaRole.Button, new() { Name = "Merge", Exact = true }).ClickAsync();
        // The console goes to the conversation merged into, which now holds both mails.
        await Expect(page).ToHaveURLAsync(new Regex($"/conversations/{first}"));
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Messages" }).GetByText("想换个颜色。")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Messages" }).GetByText("尺码也要换。")).ToBeVisibleAsync();
        await page.GotoAsync($"{host.Url}/conversations/{second}");
        await Expect(page.GetByText("Merged into another conversation")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Open it" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/conversations/{first}"));

        var panel = page.GetByRole(AriaRole.Complementary, new() { Name = "Customer" });
        await panel.GetByRole(AriaRole.Button, new() { Name = "Edit customer" }).ClickAsync();
        var edit = page.GetByRole(AriaRole.Dialog, new() { Name = "Edit the customer" });
        await edit.GetByLabel("Name").FillAsync("王五");
        await edit.GetByLabel("Company or department").FillAsync("华东分公司");
        var tags = edit.GetByRole(AriaRole.Combobox, new() { Name = "Tags" });
        await tags.FillAsync("VIP客户");
        await tags.PressAsync("Enter");
        await edit.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(panel).ToContainTextAsync("王五");
        await Expect(panel).ToContainTextAsync("华东分公司");
        await Expect(panel.GetByLabel("Tags")).ToHaveTextAsync("VIP客户");

        using var admin = await host.CreateClientAsync();
        var detail = await admin.GetFromJsonAsync<JsonElement>($"/api/conversations/{first}");
        var saved = await admin.GetFromJsonAsync<JsonElement>($"/api/directory/customers/{detail.GetProperty("customer").GetProperty("id").GetGuid()}");
        Assert.Equal("王五", saved.GetProperty("name").GetString());
        Assert.Equal("华东分公司", saved.GetProperty("company").GetString());
        Assert.Equal(["VIP客户"], saved.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!));
    });

    [Fact]
    public Task The_customers_next_mail_appears_in_the_open_conversation_without_a_reload() => browser.RunAsync(nameof(The_customers_next_mail_appears_in_the_open_conversation_without_a_reload), async pages =>
    {
        var messageId = CustomerMails.NewMessageId();
        var id = await DeliverAsync("快递延误", "快递三天没动了。", messageId: messageId);
        var page = await SignedInAsync(pages);
        await page.GotoAsync($"{host.Url}/conversations/{id}");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Messages" }).GetByText("快递三天没动了。")).ToBeVisibleAsync();

        await SendAsync("Re: 快递延误", "今天收到了，谢谢！", inReplyTo: messageId);

        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Messages" }).GetByText("今天收到了，谢谢！")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(page.GetByRole(AriaRole.Article)).ToHaveCountAsync(2);
    });

    [Fact]
    public Task A_Chinese_browser_gets_the_conversation_in_Chinese() => browser.RunAsync(nameof(A_Chinese_browser_gets_the_conversation_in_Chinese), async pages =>
    {
        var id = await DeliverAsync("发货问题", "什么时候发货？\n\n在 2026年12月7日 10:00，Shop Support 写道：\n> 已收到您的订单。");
        var page = await SignedInAsync(pages);
        await page.EvaluateAsync("localStorage.setItem('mailhub.locale', 'zh-CN')"); // as the header's language switch leaves it

        await page.GotoAsync($"{host.Url}/conversations/{id}");
        var actions = page.GetByRole(AriaRole.Toolbar, new() { Name = "会话操作" });
        foreach (var name in new[] { "转交", "关闭", "待定", "延后", "合并" })
            await Expect(actions.GetByRole(AriaRole.Button, new() { Name = name, Exact = true })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "显示引用内容" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "邮件" }).GetByText("已收到您的订单。", new() { Exact = false })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Complementary, new() { Name = "客户" })).ToContainTextAsync("其他会话");
    });

    private async Task<IPage> SignedInAsync(Pages pages)
    {
        var page = await pages.OpenAsync();
        await page.SignInAsync(host, MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);
        return page;
    }

    /// <summary>A customer's mail over SMTP to the sandbox mailbox; the id of its conversation once it is listed.</summary>
    private async Task<Guid> DeliverAsync(string subject, string text, string? html = null, (string Name, byte[] Content)? attachment = null,
        string? messageId = null, string from = CustomerMails.Customer)
    {
        subject += " " + Guid.NewGuid().ToString("N")[..6];
        await SendAsync(subject, text, html, attachment, messageId, from: from);
        using var admin = await host.CreateClientAsync();
        return await Eventually.GetAsync<Guid?>(async () =>
        {
            var list = await admin.GetFromJsonAsync<JsonElement>("/api/conversations?limit=200");
            return list.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("subject").GetString() == subject)
                .Select(i => (Guid?)i.GetProperty("id").GetGuid()).FirstOrDefault();
        }, $"the conversation {subject}", TimeSpan.FromSeconds(30)) ?? throw new InvalidOperationException();
    }

    private async Task SendAsync(string subject, string text, string? html = null, (string Name, byte[] Content)? attachment = null,
        string? messageId = null, string? inReplyTo = null, string from = CustomerMails.Customer)
    {
        using var message = new MimeMessage { Subject = subject, MessageId = messageId ?? CustomerMails.NewMessageId(), InReplyTo = inReplyTo };
        message.From.Add(new MailboxAddress("张三", from));
        message.To.Add(MailboxAddress.Parse(_mailbox));
        var body = new BodyBuilder { TextBody = text.Replace("\n", "\r\n", StringComparison.Ordinal), HtmlBody = html };
        if (attachment is { } file)
            body.Attachments.Add(file.Name, file.Content, new ContentType("application", "pdf"));
        message.Body = body.ToMessageBody();
        await CustomerSmtp.SendAsync(await host.SmtpEndpointAsync(), from, _mailbox, await OutgoingMail.ToBytesAsync(message));
    }
}
