using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MailHub.Testing;
using static Microsoft.Playwright.Assertions;

namespace MailHub.Console.Tests;

/// <summary>The campaigns page, in Chinese: a paced campaign's progress bar moves, pause and resume from the list, and it ends done.</summary>
public sealed class CampaignsAdminTests(ConsoleHost host, Browser browser) : IClassFixture<ConsoleHost>, IClassFixture<Browser>
{
    [Fact]
    public Task A_paced_campaign_shows_its_progress_and_is_paused_and_resumed_from_the_list() =>
        browser.RunAsync(nameof(A_paced_campaign_shows_its_progress_and_is_paused_and_resumed_from_the_list), async pages =>
    {
        using var admin = await host.CreateClientAsync();
        var (mailbox, _) = await host.CreateSandboxMailboxAsync("群发邮箱", "市场部");
        using var form = new MultipartFormDataContent
        {
            { new StringContent("春季客户"), "name" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes("email,name\r\na@example.net,甲\r\nb@example.net,乙\r\nc@example.net,丙\r\nd@example.net,丁\r\n")), "file", "list.csv" },
        };
        var audience = (await (await admin.PostAsync("/api/campaigns/audiences", form)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var created = await admin.PostAsJsonAsync("/api/campaigns", new
        {
            name = "春季促销", audienceId = audience, mailboxIds = new[] { mailbox }, subject = "{{ name }}，春季优惠", text = "您好 {{ name }}", perMinute = 2,
        });
        var campaign = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var page = await pages.OpenAsync(locale: "zh-CN");
        await page.GotoAsync(host.Url + "/sign-in");
        await page.GetByLabel("邮箱").FillAsync(MailHubFactory.AdminEmail);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(MailHubFactory.AdminPassword);
        await page.GetByLabel("密码", new() { Exact = true }).PressAsync("Enter");
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "管理" }).ClickAsync();
        await page.GetByRole(AriaRole.Menu, new() { Name = "管理菜单" }).GetByRole(AriaRole.Menuitem, new() { Name = "邮件群发" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "邮件群发" })).ToBeVisibleAsync();
        var row = page.Locator("tr", new() { HasText = "春季促销" });
        await Expect(row).ToContainTextAsync("草稿");

        // Sent from the list: two go in the first minute (its pace), the bar says so without a reload.
        await page.GetByRole(AriaRole.Button, new() { Name = "发送 春季促销" }).ClickAsync();
        await Expect(row).ToContainTextAsync("发送中");
        await Expect(page.GetByRole(AriaRole.Progressbar, new() { Name = "春季促销: 2 / 4" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(row).ToContainTextAsync("已发送 2");

        await page.GetByRole(AriaRole.Button, new() { Name = "暂停 春季促销" }).ClickAsync();
        await Expect(row).ToContainTextAsync("已暂停");
        var paused = await admin.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaign}");
        Assert.Equal("paused", paused.GetProperty("status").GetString());

        // Resumed: the rest go, and the campaign is done at 4 / 4.
        await page.GetByRole(AriaRole.Button, new() { Name = "继续 春季促销" }).ClickAsync();
        await Expect(row).ToContainTextAsync("已完成", new() { Timeout = 30_000 });
        await Expect(page.GetByRole(AriaRole.Progressbar, new() { Name = "春季促销: 4 / 4" })).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync("已发送 4");
    });

    [Fact]
    public Task An_audience_upload_is_previewed_with_its_row_errors_in_Chinese_then_imported() =>
        browser.RunAsync(nameof(An_audience_upload_is_previewed_with_its_row_errors_in_Chinese_then_imported), async pages =>
    {
        var page = await pages.OpenAsync(locale: "zh-CN");
        await page.GotoAsync(host.Url + "/sign-in");
        await page.GetByLabel("邮箱").FillAsync(MailHubFactory.AdminEmail);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(MailHubFactory.AdminPassword);
        await page.GetByLabel("密码", new() { Exact = true }).PressAsync("Enter");
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "管理" }).ClickAsync();
        await page.GetByRole(AriaRole.Menu, new() { Name = "管理菜单" }).GetByRole(AriaRole.Menuitem, new() { Name = "邮件群发" }).ClickAsync();

        await page.GetByLabel("列表名称").FillAsync("展会名单");
        await page.GetByLabel("文件", new() { Exact = true }).SetInputFilesAsync(new FilePayload
        {
            Name = "展会.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes("邮箱,姓名,公司\r\nzhang@example.cn,张伟,示例\r\n不是地址,李娜,示例\r\nZHANG@example.cn,张伟,重复\r\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "预览" }).ClickAsync();
        await Expect(page.GetByText("预览：将导入 1 行，跳过 2 行。")).ToBeVisibleAsync();
        var errors = page.GetByRole(AriaRole.Table, new() { Name = "未导入的行" });
        await Expect(errors.Locator("tr", new() { HasText = "“不是地址”不是有效的邮箱地址。" })).ToContainTextAsync("A (邮箱)");
        await Expect(errors.Locator("tr", new() { HasText = "重复：该地址已在第 2 行出现。" })).ToContainTextAsync("4");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "收件人列表" }).Locator("tr", new() { HasText = "展会名单" })).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "导入" }).ClickAsync();
        await Expect(page.GetByText("已导入 1 行，跳过 2 行。")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "收件人列表" }).Locator("tr", new() { HasText = "展会名单" })).ToHaveCountAsync(1);
    });

    [Fact]
    public Task A_campaign_is_written_previewed_with_the_fields_recipients_lack_and_tested_from_the_editor() =>
        browser.RunAsync(nameof(A_campaign_is_written_previewed_with_the_fields_recipients_lack_and_tested_from_the_editor), async pages =>
    {
        using var admin = await host.CreateClientAsync();
        await host.CreateSandboxMailboxAsync("编辑器邮箱", "市场部");
        using var form = new MultipartFormDataContent
        {
            { new StringContent("编辑器名单"), "name" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes("email,name,city\r\nfirst@example.net,王芳,杭州\r\nnocity@example.net,李雷,\r\n")), "file", "list.csv" },
        };
        (await admin.PostAsync("/api/campaigns/audiences", form)).EnsureSuccessStatusCode();

        var page = await pages.OpenAsync(locale: "zh-CN");
        await page.GotoAsync(host.Url + "/sign-in");
        await page.GetByLabel("邮箱").FillAsync(MailHubFactory.AdminEmail);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(MailHubFactory.AdminPassword);
        await page.GetByLabel("密码", new() { Exact = true }).PressAsync("Enter");
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "管理" }).ClickAsync();
        await page.GetByRole(AriaRole.Menu, new() { Name = "管理菜单" }).GetByRole(AriaRole.Menuitem, new() { Name = "邮件群发" }).ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "新建群发" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "新建群发" });
        await dialog.GetByLabel("活动", new() { Exact = true }).FillAsync("城市优惠");
        await dialog.GetByLabel("收件人列表", new() { Exact = true }).ClickAsync();
        await page.Locator(".ant-select-item-option", new() { HasText = "编辑器名单" }).ClickAsync();
        await dialog.GetByLabel("发件邮箱", new() { Exact = true }).ClickAsync();
        await page.Locator(".ant-select-item-option", new() { HasText = "编辑器邮箱" }).ClickAsync();
        await dialog.GetByLabel("主题", new() { Exact = true }).FillAsync("{{ name }}，{{ city }} 专享");
        await dialog.GetByLabel("纯文本", new() { Exact = true }).FillAsync("您好 {{ name }}");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();

        // The preview as the list's first member, and the warning for the member without a city.
        await Expect(dialog.GetByText("first@example.net 收到的样子")).ToBeVisibleAsync();
        await Expect(dialog.GetByText("王芳，杭州 专享")).ToBeVisibleAsync();
        await Expect(dialog.GetByText("city：1 位收件人。")).ToBeVisibleAsync();

        await dialog.GetByLabel("测试收件地址").FillAsync("editor-qa@example.org");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "发送测试" }).ClickAsync();
        await Expect(dialog.GetByText("已向 1 个地址发送测试邮件。")).ToBeVisibleAsync();
        var captured = await admin.GetFromJsonAsync<JsonElement>("/api/sandbox/messages/wait?to=editor-qa@example.org&timeout=30");
        Assert.Equal("[Test] 王芳，杭州 专享", captured.GetProperty("subject").GetString());

        await dialog.GetByRole(AriaRole.Button, new() { Name = "完成" }).ClickAsync();
        await Expect(page.Locator("tr", new() { HasText = "城市优惠" })).ToContainTextAsync("草稿");
    });
}
