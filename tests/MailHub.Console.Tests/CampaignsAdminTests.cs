using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MailHub.Testing;
using static Microsoft.Playwright.Assertions;

namespace MailHub.Console.Tests;

/// <summary>
/// The campaigns pages (/admin/campaigns): the list with live progress bars, the audience upload, the editor, a campaign's
/// page (preview, test, send with the missing-field warning, schedule, pause, resume, cancel, report, recipients) and the
/// suppression list, in Chinese and in English.
/// </summary>
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

        // Its page: the report's counts, the chart, the numbers by day (one day, 4 sent), the recipients by status.
        await page.GetByRole(AriaRole.Link, new() { Name = "打开 春季促销" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "春季促销" })).ToBeVisibleAsync();
        var counts = page.GetByRole(AriaRole.Group, new() { Name = "统计" });
        await Expect(counts.Locator(".ant-card", new() { HasText = "已发送" })).ToContainTextAsync("4");
        await Expect(counts.Locator(".ant-card", new() { HasText = "失败" })).ToContainTextAsync("0");
        var chart = page.GetByRole(AriaRole.Figure, new() { Name = "发送、失败、退信、退订、打开、点击和投诉随时间的变化" });
        await Expect(chart.Locator(".recharts-line")).ToHaveCountAsync(7);
        await Expect(chart.GetByRole(AriaRole.Img, new() { Name = "已发送 legend icon" })).ToBeVisibleAsync();
        await page.Locator(".ant-segmented-item", new() { HasText = "天" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "天" })).ToBeCheckedAsync();
        await page.GetByText("显示数据").ClickAsync();
        var numbers = page.GetByRole(AriaRole.Table, new() { Name = "显示数据" });
        await Expect(numbers.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(numbers.Locator("tbody tr td").Nth(1)).ToHaveTextAsync("4");
        await page.GetByLabel("显示收件人").ClickAsync();
        await page.Locator(".ant-select-item-option", new() { HasText = "已发送" }).ClickAsync();
        var recipients = page.GetByRole(AriaRole.Table, new() { Name = "收件人", Exact = true });
        await Expect(recipients.Locator("tbody tr", new() { HasText = "@example.net" })).ToHaveCountAsync(4);
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

        await page.GetByRole(AriaRole.Form, new() { Name = "上传收件人列表" }).GetByLabel("列表名称").FillAsync("展会名单");
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
    public Task An_admin_uploads_an_audience_writes_tests_edits_sends_pauses_resumes_a_campaign_and_reads_its_report_in_English() =>
        browser.RunAsync(nameof(An_admin_uploads_an_audience_writes_tests_edits_sends_pauses_resumes_a_campaign_and_reads_its_report_in_English), async pages =>
    {
        using var admin = await host.CreateClientAsync();
        var (mailbox, _) = await host.CreateSandboxMailboxAsync("Newsletter box", "Marketing");
        var page = await pages.OpenAsync();
        await page.SignInAsync(host, MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);
        await page.GotoAsync(host.Url + "/admin/campaigns");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Campaigns", Exact = true })).ToBeVisibleAsync();

        // The audience: uploaded, its bad row shown, the good rows imported.
        var upload = page.GetByRole(AriaRole.Form, new() { Name = "Upload an audience" });
        await upload.GetByLabel("List name").FillAsync("Spring list");
        await page.GetByLabel("File", new() { Exact = true }).SetInputFilesAsync(new FilePayload
        {
            Name = "spring.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes("email,name,city\r\nana@example.net,Ana,Porto\r\nben@example.net,Ben,\r\nnot-an-address,X,Y\r\ncara@example.net,Cara,Lisbon\r\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Preview: 3 rows would be imported, 1 skipped.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Rows not imported" }).Locator("tr", new() { HasText = "not-an-address" })).ToContainTextAsync("A (email)");
        await upload.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Imported 3 rows; 1 skipped.")).ToBeVisibleAsync();

        // Written in the editor: audience, mailbox with its pace, content with merge fields, a cap of 2 a minute.
        await page.GetByRole(AriaRole.Button, new() { Name = "New campaign" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "New campaign" });
        await dialog.GetByLabel("Campaign", new() { Exact = true }).FillAsync("Spring offer");
        await dialog.GetByLabel("Audience", new() { Exact = true }).ClickAsync();
        await page.Locator(".ant-select-item-option", new() { HasText = "Spring list" }).ClickAsync();
        await Expect(dialog.Locator(".ant-form-item", new() { HasText = "Audience" })).ToContainTextAsync("Spring list (3)");
        await dialog.GetByLabel("Send through", new() { Exact = true }).ClickAsync();
        await page.Locator(".ant-select-item-option", new() { HasText = "Newsletter box" }).ClickAsync();
        await dialog.GetByLabel("Campaign", new() { Exact = true }).ClickAsync(); // closes the mailboxes' list
        var perMinute = dialog.GetByLabel(new Regex("^Per minute for Newsletter box"));
        await Expect(perMinute).Not.ToHaveValueAsync("");
        await perMinute.FillAsync("30");
        await dialog.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Save pace of Newsletter box") }).ClickAsync();
        await Expect(dialog.GetByText("Pace saved.")).ToBeVisibleAsync();
        var pace = await admin.GetFromJsonAsync<JsonElement>($"/api/campaigns/pace/{mailbox}");
        Assert.Equal(30, pace.GetProperty("perMinute").GetInt32());
        await dialog.GetByLabel("Subject", new() { Exact = true }).FillAsync("{{ name }}, spring in {{ city }}");
        await dialog.GetByLabel("Plain text", new() { Exact = true }).FillAsync("Hello {{ name }}");
        await dialog.GetByLabel("At most per minute", new() { Exact = true }).FillAsync("2");
        await Expect(dialog.Locator(".ant-form-item", new() { HasText = "Audience" })).ToContainTextAsync("Spring list (3)");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();

        // Its page: a draft, previewed as the list's first member, then as Ben, who lacks a city.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Spring offer" })).ToBeVisibleAsync();
        var header = page.Locator("header", new() { HasText = "Spring offer" });
        await Expect(header).ToContainTextAsync("Draft");
        await Expect(page.GetByText("As ana@example.net gets it")).ToBeVisibleAsync();
        await Expect(page.GetByText("Ana, spring in Porto")).ToBeVisibleAsync();
        await Expect(page.GetByText("city: 1 recipients.")).ToBeVisibleAsync();
        await page.GetByLabel("Preview as", new() { Exact = true }).ClickAsync();
        await page.Locator(".ant-select-item-option", new() { HasText = "ben@example.net" }).ClickAsync();
        await Expect(page.GetByText("As ben@example.net gets it")).ToBeVisibleAsync();

        // A test as Ben, to a typed address, captured by the sandbox.
        await page.GetByLabel("Test to (addresses)").FillAsync("qa-en@example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send test" }).ClickAsync();
        await Expect(page.GetByText("Test sent to 1 addresses.")).ToBeVisibleAsync();
        var captured = await admin.GetFromJsonAsync<JsonElement>("/api/sandbox/messages/wait?to=qa-en@example.org&timeout=30");
        Assert.Equal("[Test] Ben, spring in", captured.GetProperty("subject").GetString()!.TrimEnd());

        // Send warns of the missing city; "Not now" leaves it a draft.
        await page.GetByRole(AriaRole.Button, new() { Name = "Send Spring offer" }).ClickAsync();
        var warning = page.GetByRole(AriaRole.Dialog, new() { Name = "Send Spring offer? Some recipients lack merge fields" });
        await Expect(warning).ToContainTextAsync("city: 1 recipients.");
        await warning.GetByRole(AriaRole.Button, new() { Name = "Not now" }).ClickAsync();
        await Expect(header).ToContainTextAsync("Draft");

        // The draft rewritten with a default for the city: no warning, and Send sends at once.
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit draft" }).ClickAsync();
        var edit = page.GetByRole(AriaRole.Dialog, new() { Name = "Edit Spring offer" });
        await edit.GetByLabel("Subject", new() { Exact = true }).FillAsync("{{ name }}, spring in {{ city | default: \"your city\" }}");
        await edit.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Expect(edit).ToBeHiddenAsync();
        await page.GetByLabel("Preview as", new() { Exact = true }).ClickAsync();
        await page.Locator(".ant-select-item-option", new() { HasText = "ben@example.net" }).ClickAsync();
        await Expect(page.GetByText("Ben, spring in your city")).ToBeVisibleAsync();
        await Expect(page.GetByText("city: 1 recipients.")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send Spring offer" }).ClickAsync();

        // Paced at 2 a minute: the bar stops at 2 of 3 (pushed, no reload); paused, resumed, done.
        await Expect(page.GetByRole(AriaRole.Progressbar, new() { Name = "Spring offer: 2 of 3" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Pause Spring offer" }).ClickAsync();
        await Expect(header).ToContainTextAsync("Paused");
        await page.GetByRole(AriaRole.Button, new() { Name = "Resume Spring offer" }).ClickAsync();
        await Expect(header).ToContainTextAsync("Done", new() { Timeout = 90_000 });
        await Expect(page.GetByRole(AriaRole.Progressbar, new() { Name = "Spring offer: 3 of 3" })).ToBeVisibleAsync();

        // The report: 3 sent, the chart, and by day one row of 3.
        var counts = page.GetByRole(AriaRole.Group, new() { Name = "Counts" });
        await Expect(counts.Locator(".ant-card", new() { HasText = "Sent" })).ToContainTextAsync("3");
        var chart = page.GetByRole(AriaRole.Figure, new() { Name = "Sent, failed, bounced, unsubscribed, opened, clicked and complained over time" });
        await Expect(chart.Locator(".recharts-line")).ToHaveCountAsync(7);
        await Expect(chart.GetByRole(AriaRole.Img, new() { Name = "Sent legend icon" })).ToBeVisibleAsync();
        await page.Locator(".ant-segmented-item", new() { HasText = "Day" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Day" })).ToBeCheckedAsync();
        await page.GetByText("Show the numbers").ClickAsync();
        var numbers = page.GetByRole(AriaRole.Table, new() { Name = "Show the numbers" });
        await Expect(numbers.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(numbers.Locator("tbody tr td").Nth(1)).ToHaveTextAsync("3");
        var report = await admin.GetFromJsonAsync<JsonElement>($"/api/campaigns/{page.Url.Split('/')[^1]}/report?bucket=minute&tz=Asia/Shanghai");
        Assert.Equal(3, report.GetProperty("series").EnumerateArray().Sum(p => p.GetProperty("sent").GetInt32()));

        // The recipients, filtered: the three sent.
        await page.GetByLabel("Show recipients").ClickAsync();
        await page.Locator(".ant-select-item-option", new() { HasText = "Sent" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Recipients" }).Locator("tbody tr", new() { HasText = "@example.net" })).ToHaveCountAsync(3);
    });

    [Fact]
    public Task A_hand_suppressed_address_is_skipped_and_a_draft_is_scheduled_then_cancelled_in_Chinese() =>
        browser.RunAsync(nameof(A_hand_suppressed_address_is_skipped_and_a_draft_is_scheduled_then_cancelled_in_Chinese), async pages =>
    {
        using var admin = await host.CreateClientAsync();
        var (mailbox, _) = await host.CreateSandboxMailboxAsync("定时邮箱", "市场部");
        using var form = new MultipartFormDataContent
        {
            { new StringContent("定时名单"), "name" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes("email,name\r\nkeep@example.net,留\r\nblocked@example.net,拦\r\n")), "file", "list.csv" },
        };
        var audience = (await (await admin.PostAsync("/api/campaigns/audiences", form)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var created = await admin.PostAsJsonAsync("/api/campaigns", new
        {
            name = "定时活动", audienceId = audience, mailboxIds = new[] { mailbox }, subject = "{{ name }}，您好", text = "您好",
        });
        var campaign = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var page = await pages.OpenAsync(locale: "zh-CN");
        await SignInInChineseAsync(page);
        await page.GotoAsync(host.Url + "/admin/campaigns");

        // The suppression list: an address added by hand.
        await page.GetByRole(AriaRole.Button, new() { Name = "屏蔽列表" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "屏蔽列表" })).ToBeVisibleAsync();
        await page.GetByLabel("地址", new() { Exact = true }).FillAsync("Blocked@Example.net");
        await page.GetByLabel("备注", new() { Exact = true }).FillAsync("客户电话要求");
        await page.GetByRole(AriaRole.Button, new() { Name = "加入屏蔽列表" }).ClickAsync();
        await Expect(page.GetByText("blocked@example.net 已屏蔽。")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "屏蔽列表" }).Locator("tr", new() { HasText = "blocked@example.net" })).ToContainTextAsync("手动添加");

        // Scheduled for tomorrow 09:30 (Shanghai, the browser's zone) with the date-time picker.
        await page.GetByRole(AriaRole.Link, new() { Name = "所有群发" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "打开 定时活动" }).ClickAsync();
        var header = page.Locator("header", new() { HasText = "定时活动" });
        await Expect(header).ToContainTextAsync("草稿");
        await page.GetByRole(AriaRole.Button, new() { Name = "定时发送…" }).ClickAsync();
        var tomorrow = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).Date.AddDays(1).AddHours(9.5);
        var picker = page.GetByLabel("发送时间", new() { Exact = true });
        await picker.ClickAsync();
        await picker.FillAsync(tomorrow.ToString("yyyy-MM-dd HH:mm"));
        await picker.PressAsync("Enter");
        await page.GetByRole(AriaRole.Button, new() { Name = "确定定时" }).ClickAsync();
        await Expect(header).ToContainTextAsync("已排期");
        var scheduled = await admin.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaign}");
        Assert.Equal("scheduled", scheduled.GetProperty("status").GetString());
        Assert.Equal(new DateTimeOffset(tomorrow, TimeSpan.FromHours(8)), scheduled.GetProperty("sendAt").GetDateTimeOffset());

        // The recipients are fixed: the suppressed address is skipped, with its reason.
        await page.GetByLabel("显示收件人").ClickAsync();
        await page.Locator(".ant-select-item-option", new() { HasText = "已跳过" }).ClickAsync();
        var skipped = page.GetByRole(AriaRole.Table, new() { Name = "收件人", Exact = true }).Locator("tbody tr", new() { HasText = "@example.net" });
        await Expect(skipped).ToHaveCountAsync(1);
        await Expect(skipped).ToContainTextAsync("blocked@example.net");
        await Expect(skipped).ToContainTextAsync("manual");

        // Cancelled, after the confirmation.
        await page.GetByRole(AriaRole.Button, new() { Name = "取消 定时活动" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "是" }).ClickAsync();
        await Expect(header).ToContainTextAsync("已取消");
        var cancelled = await admin.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaign}");
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
    });

    [Fact]
    public Task An_audience_from_the_directory_goes_through_two_mailboxes_with_tracking_and_an_open_shows_in_the_report_in_Chinese() =>
        browser.RunAsync(nameof(An_audience_from_the_directory_goes_through_two_mailboxes_with_tracking_and_an_open_shows_in_the_report_in_Chinese), async pages =>
    {
        using var admin = await host.CreateClientAsync();
        var (first, _) = await host.CreateSandboxMailboxAsync("轮换甲", "市场部");
        var (second, _) = await host.CreateSandboxMailboxAsync("轮换乙", "市场部");
        async Task Customer(string name, string company, string tag, string email)
        {
            var created = await admin.PostAsJsonAsync("/api/directory/customers", new { name, company, emails = new[] { email } });
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            (await admin.PutAsJsonAsync($"/api/directory/customers/{id}/tags", new { tags = new[] { tag } })).EnsureSuccessStatusCode();
        }
        await Customer("赵一", "华东贸易", "vip-console", "zhao@huadong.example.cn");
        await Customer("钱二", "华东贸易", "vip-console", "qian@huadong.example.cn");
        await Customer("孙三", "华东贸易", "retail-console", "sun@huadong.example.cn");
        await Customer("李四", "西南商行", "vip-console", "li@xinan.example.cn");

        var page = await pages.OpenAsync(locale: "zh-CN");
        await SignInInChineseAsync(page);
        await page.GotoAsync(host.Url + "/admin/campaigns");

        // The directory's customers tagged vip-console at 华东贸易: counted, then made a list.
        var directory = page.GetByRole(AriaRole.Form, new() { Name = "从客户目录生成收件人列表" });
        await directory.GetByLabel("列表名称").FillAsync("华东 VIP");
        await directory.GetByLabel("标签").FillAsync("vip-console");
        await directory.GetByLabel("标签").PressAsync("Enter");
        await directory.GetByLabel("公司").FillAsync("华东");
        await directory.GetByRole(AriaRole.Button, new() { Name = "统计人数" }).ClickAsync();
        await Expect(page.GetByText("预览：将导入 2 行，跳过 0 行。")).ToBeVisibleAsync();
        await directory.GetByRole(AriaRole.Button, new() { Name = "生成列表" }).ClickAsync();
        await Expect(page.GetByText("已导入 2 行，跳过 0 行。")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "收件人列表" }).Locator("tr", new() { HasText = "华东 VIP" })).ToContainTextAsync("2");

        // Two mailboxes in rotation, a provider preset read into the pace fields, open and click tracking on.
        await page.GetByRole(AriaRole.Button, new() { Name = "新建群发" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "新建群发" });
        await dialog.GetByLabel("活动", new() { Exact = true }).FillAsync("轮换活动");
        await dialog.GetByLabel("收件人列表", new() { Exact = true }).ClickAsync();
        await page.Locator(".ant-select-item-option", new() { HasText = "华东 VIP" }).ClickAsync();
        await dialog.GetByLabel("发件邮箱", new() { Exact = true }).ClickAsync();
        await page.Locator(".ant-select-item-option", new() { HasText = "轮换甲" }).ClickAsync();
        await page.Locator(".ant-select-item-option", new() { HasText = "轮换乙" }).ClickAsync();
        await dialog.GetByLabel("活动", new() { Exact = true }).ClickAsync();
        var presets = await admin.GetFromJsonAsync<JsonElement>("/api/campaigns/pace/presets");
        var gmail = presets.EnumerateArray().Single(p => p.GetProperty("provider").GetString() == "gmail");
        await dialog.GetByLabel(new Regex("^轮换乙.* 的服务商预设$")).ClickAsync();
        await page.Locator(".ant-select-item-option", new() { HasText = "gmail：" }).ClickAsync();
        await Expect(dialog.GetByLabel(new Regex("^轮换乙.* 每分钟$"))).ToHaveValueAsync(gmail.GetProperty("perMinute").GetInt32().ToString());
        await Expect(dialog.GetByLabel(new Regex("^轮换乙.* 每天$"))).ToHaveValueAsync(gmail.GetProperty("perDay").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
        await dialog.GetByLabel("主题", new() { Exact = true }).FillAsync("{{ name }}，会员专享");
        await dialog.GetByLabel("HTML", new() { Exact = true }).FillAsync("<html><body><p>{{ name }}，您好</p><a href=\"https://shop.example.cn/vip\">查看</a></body></html>");
        await dialog.GetByLabel("跟踪打开").ClickAsync();
        await dialog.GetByLabel("跟踪点击").ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "轮换活动" })).ToBeVisibleAsync();
        var campaign = page.Url.Split('/')[^1];
        var saved = await admin.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaign}");
        Assert.True(saved.GetProperty("trackOpens").GetBoolean());
        Assert.True(saved.GetProperty("trackClicks").GetBoolean());
        Assert.Equal([first, second], saved.GetProperty("mailboxIds").EnumerateArray().Select(m => m.GetGuid()).ToArray());

        await page.GetByRole(AriaRole.Button, new() { Name = "发送 轮换活动" }).ClickAsync();
        var header = page.Locator("header", new() { HasText = "轮换活动" });
        await Expect(header).ToContainTextAsync("已完成", new() { Timeout = 60_000 });

        // The first recipient opens the mail (its pixel, fetched without signing in): the count and the report move by themselves.
        var waited = await admin.GetFromJsonAsync<JsonElement>("/api/sandbox/messages/wait?to=zhao@huadong.example.cn&timeout=30");
        var captured = await admin.GetFromJsonAsync<JsonElement>($"/api/sandbox/messages/{waited.GetProperty("id").GetGuid()}");
        var pixel = Regex.Match(captured.GetProperty("html").GetString()!, "(/api/campaigns/t/o/[^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(pixel);
        using (var anonymous = new HttpClient { BaseAddress = new Uri(host.Url) })
            (await anonymous.GetAsync(pixel)).EnsureSuccessStatusCode();
        var counts = page.GetByRole(AriaRole.Group, new() { Name = "统计" });
        await Expect(counts.Locator(".ant-card", new() { HasText = "已打开" })).ToContainTextAsync("1");
        var report = await admin.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaign}/report?bucket=minute&tz=Asia/Shanghai");
        Assert.Equal(1, report.GetProperty("series").EnumerateArray().Sum(p => p.GetProperty("opened").GetInt32()));
        await page.GetByLabel("显示收件人").ClickAsync();
        await page.Locator(".ant-select-item-option", new() { HasText = "已打开" }).ClickAsync();
        var opened = page.GetByRole(AriaRole.Table, new() { Name = "收件人", Exact = true }).Locator("tbody tr", new() { HasText = "@huadong.example.cn" });
        await Expect(opened).ToHaveCountAsync(1);
        await Expect(opened).ToContainTextAsync("zhao@huadong.example.cn");
    });

    private async Task SignInInChineseAsync(IPage page)
    {
        await page.GotoAsync(host.Url + "/sign-in");
        await page.GetByLabel("邮箱").FillAsync(MailHubFactory.AdminEmail);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(MailHubFactory.AdminPassword);
        await page.GetByLabel("密码", new() { Exact = true }).PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("/conversations"));
    }
}
