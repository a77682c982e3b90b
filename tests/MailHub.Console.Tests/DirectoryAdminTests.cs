using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MailHub.Testing;
using static Microsoft.Playwright.Assertions;

namespace MailHub.Console.Tests;

/// <summary>The admin's Directory page (/admin/directory): the import wizard, the export, the sync sources.</summary>
public sealed class DirectoryAdminTests(ConsoleHost host, Browser browser) : IClassFixture<ConsoleHost>, IClassFixture<Browser>
{
    [Fact]
    public Task An_upload_with_good_and_bad_rows_shows_each_error_by_cell_and_applying_creates_only_the_good_members() =>
        browser.RunAsync(nameof(An_upload_with_good_and_bad_rows_shows_each_error_by_cell_and_applying_creates_only_the_good_members), async pages =>
    {
        var page = await pages.OpenAsync();
        await page.SignInAsync(host, MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);
        await page.GotoAsync(host.Url + "/admin");
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Directory" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/directory/import$"));

        // The template in English, as Excel: a zip (XLSX) named as such.
        await page.GetByRole(AriaRole.Radio, new() { Name = "English" }).CheckAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Template (Excel)" }).ClickAsync());
        Assert.Equal("directory-template.xlsx", download.SuggestedFilename);
        await using (var template = await download.CreateReadStreamAsync())
        {
            var magic = new byte[2];
            await template.ReadExactlyAsync(magic);
            Assert.Equal("PK"u8.ToArray(), magic);
        }

        const string sheet = """
            Account,Name,Departments,Email,Mobile,Position,Status
            liuyi,Liu Yi,Acme/Support,liuyi@acme.example.cn,+86 138 0013 8001,Agent,active
            bad account!,Nobody,Acme/Support,nobody@acme.example.cn,,,
            chenlei,Chen Lei,Acme/Sales,not-an-email,12,,
            wangwu,Wang Wu,Acme/Sales;Acme/Support,wangwu@acme.example.cn,,,active
            """;
        await UploadAsync(page, "acme.csv", sheet);

        await Expect(page.GetByText("Check the rows of acme.csv")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "to create" })).ToHaveTextAsync("2 to create, 0 to update, 0 unchanged, 2 with errors; 3 new departments.");
        var rows = page.GetByRole(AriaRole.Table);
        await Expect(Row(rows, "3")).ToContainTextAsync("A3 (Account): Not a valid account");
        await Expect(Row(rows, "4")).ToContainTextAsync("D4 (E-mail): Not an e-mail address");
        await Expect(Row(rows, "4")).ToContainTextAsync("E4 (Mobile): Not a mobile number");
        await Expect(Row(rows, "2")).ToContainTextAsync("Create");
        await Expect(Row(rows, "5")).ToContainTextAsync("Create");

        // A preview writes nothing.
        using var admin = await host.CreateClientAsync();
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonElement>("/api/directory/members?q=liuyi")).GetArrayLength());

        await page.GetByRole(AriaRole.Button, new() { Name = "Apply the 2 good rows" }).ClickAsync();
        await Expect(page.GetByText("Imported: 2 created, 0 updated, 0 unchanged; 3 new departments.")).ToBeVisibleAsync();
        await Expect(page.GetByText("2 rows with errors were left out.")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Open Teams and members" }).First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/people$"));
        var liuyi = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "liuyi@acme.example.cn" });
        await Expect(liuyi).ToContainTextAsync("Support");
        await Expect(liuyi).ToContainTextAsync("Invited, no password yet"); // an imported member has no password until invited
        var wangwu = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "wangwu@acme.example.cn" });
        await Expect(wangwu).ToContainTextAsync("Sales");
        await Expect(wangwu).ToContainTextAsync("Support");
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonElement>("/api/directory/members?q=chenlei")).GetArrayLength());
    });

    [Fact]
    public Task In_Chinese_the_errors_name_the_cell_and_the_column_in_Chinese_and_cancel_imports_nothing() =>
        browser.RunAsync(nameof(In_Chinese_the_errors_name_the_cell_and_the_column_in_Chinese_and_cancel_imports_nothing), async pages =>
    {
        var page = await pages.OpenAsync();
        await page.SignInAsync(host, MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);
        await page.EvaluateAsync("() => localStorage.setItem('mailhub.locale', 'zh-CN')");
        await page.GotoAsync(host.Url + "/admin/directory/import");
        await Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "通讯录" })).ToBeVisibleAsync();

        const string sheet = """
            账号,姓名,部门,邮箱,手机,职务,状态
            zhaoliu,赵六,华东区/客服一组,zhaoliu@huadong.example.cn,13800138006,客服,在职
            sunqi,孙七,华东区/客服一组,sunqi.huadong.example.cn,,,在职
            zhouba,,华东区/客服二组,zhouba@huadong.example.cn,,,休假
            """;
        await UploadAsync(page, "华东.csv", sheet);

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "新建" })).ToHaveTextAsync("新建 1 个，更新 0 个，0 个不变，2 行有错误；新部门 2 个。");
        var rows = page.GetByRole(AriaRole.Table);
        await Expect(Row(rows, "3")).ToContainTextAsync("D3（邮箱）：不是有效的邮箱地址");
        await Expect(Row(rows, "4")).ToContainTextAsync("B4（姓名）：缺少姓名。");
        await Expect(Row(rows, "4")).ToContainTextAsync("G4（状态）：状态无效");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "只看有错误的行" }).CheckAsync();
        await Expect(Row(rows, "2")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^取\\s?消$") }).ClickAsync();
        await Expect(page.GetByText("点击或拖入 .xlsx 或 .csv 文件")).ToBeVisibleAsync();
        using var admin = await host.CreateClientAsync();
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonElement>("/api/directory/members?q=zhaoliu")).GetArrayLength());

        // Uploaded again and applied: the good row only.
        await UploadAsync(page, "华东.csv", sheet);
        await page.GetByRole(AriaRole.Button, new() { Name = "应用 1 行无误的数据" }).ClickAsync();
        await Expect(page.GetByText("已导入：新建 1 个，更新 0 个，0 个不变；新部门 2 个。")).ToBeVisibleAsync();
        var zhaoliu = (await admin.GetFromJsonAsync<JsonElement>("/api/directory/members?q=zhaoliu"))[0];
        Assert.Equal("赵六", zhaoliu.GetProperty("name").GetString());
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonElement>("/api/directory/members?q=sunqi")).GetArrayLength());
    });

    [Fact]
    public Task A_new_source_shows_its_token_once_its_push_shows_as_the_last_run_and_its_members_say_the_next_sync_overwrites_edits() =>
        browser.RunAsync(nameof(A_new_source_shows_its_token_once_its_push_shows_as_the_last_run_and_its_members_say_the_next_sync_overwrites_edits), async pages =>
    {
        var page = await pages.OpenAsync();
        await page.SignInAsync(host, MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);
        await page.GotoAsync(host.Url + "/admin/directory/sources");

        await page.GetByRole(AriaRole.Button, new() { Name = "New source" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Source name").FillAsync("WeCom");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(dialog.GetByText("Use 1 to 32 lower-case letters")).ToBeVisibleAsync();
        await dialog.GetByLabel("Source name").FillAsync("wecom");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(page.GetByText("The token of wecom")).ToBeVisibleAsync();
        var token = await page.GetByLabel("Token", new() { Exact = true }).InputValueAsync();
        Assert.StartsWith("mhsync_", token);
        await page.GetByRole(AriaRole.Button, new() { Name = "I copied it" }).ClickAsync();
        var source = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "wecom" });
        await Expect(source).ToContainTextAsync("Never pushed yet");

        // The source pushes with its token.
        using (var wecom = host.CreateClient())
        {
            wecom.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var push = await wecom.PutAsJsonAsync("/api/directory/sync/wecom", new
            {
                mode = "full",
                departments = new[] { new { id = "1", name = "企业微信总部", parentId = (string?)null } },
                members = new[] { new { id = "u1", account = "wx.lilei", name = "李雷", email = "lilei@wecom.example.cn", mobile = "13800138009", position = "客服", departmentIds = new[] { "1" } } },
            });
            Assert.Equal(System.Net.HttpStatusCode.OK, push.StatusCode);
        }
        await page.ReloadAsync();
        await Expect(source).ToContainTextAsync("Full push");
        await Expect(source).ToContainTextAsync("1 created, 0 updated, 0 deactivated, 0 unchanged");
        await source.GetByRole(AriaRole.Button, new() { Name = "Expand row" }).ClickAsync();
        var changes = page.GetByLabel("What the last push changed");
        await Expect(changes).ToContainTextAsync("Department 企业微信总部 (1): created");
        await Expect(changes).ToContainTextAsync("Member 李雷 (u1): created");

        await page.GotoAsync(host.Url + "/admin/people");
        var member = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "lilei@wecom.example.cn" });
        await Expect(member).ToContainTextAsync("Synced from wecom");
        await member.GetByRole(AriaRole.Button, new() { Name = "Edit 李雷" }).ClickAsync();
        await Expect(page.Locator(".ant-drawer").GetByRole(AriaRole.Alert))
            .ToContainTextAsync("李雷 is synced from wecom: its next sync overwrites the changes made here.");
        await page.Locator(".ant-drawer").GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        // Revoked: the token stops working.
        await page.GotoAsync(host.Url + "/admin/directory/sources");
        await source.GetByRole(AriaRole.Button, new() { Name = "Revoke wecom" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        // The confirmation shows for 3 s once the revoke answered, which a loaded machine may take longer than usual to do.
        await Expect(page.GetByText("The source wecom is revoked.")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(source).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        using var revoked = host.CreateClient();
        revoked.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var refused = await revoked.PutAsJsonAsync("/api/directory/sync/wecom", new { mode = "delta", departments = Array.Empty<object>(), members = Array.Empty<object>() });
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
    });

    /// <summary>The table's row whose first cell (the sheet's row number) is <paramref name="number"/>.</summary>
    private static ILocator Row(ILocator table, string number) =>
        table.GetByRole(AriaRole.Row).Filter(new() { Has = table.Page.GetByRole(AriaRole.Cell, new() { Name = number, Exact = true }) });

    private static async Task UploadAsync(IPage page, string name, string csv)
    {
        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = name, MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv.ReplaceLineEndings("\r\n")),
        });
    }
}
