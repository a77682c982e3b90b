using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Testing;

namespace MailHub.People.Tests;

public sealed class ImportTests(MailHubFactory factory) : IClassFixture<MailHubFactory>
{
    [Theory]
    [InlineData("xlsx", "zh-CN", "账号", "在职")]
    [InlineData("xlsx", "en", "Account", "active")]
    [InlineData("csv", "zh-CN", "账号", "在职")]
    public async Task The_template_has_the_header_row_and_an_example_row_in_the_language_asked_for(string format, string locale, string first, string status)
    {
        var admin = await factory.CreateClientAsync();

        var response = await admin.GetAsync($"/api/directory/import/template?format={format}&locale={locale}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = Sheets.Read(await response.Content.ReadAsByteArrayAsync(), format);
        Assert.Equal(2, rows.Count);
        Assert.Equal(first, rows[0][0]);
        Assert.Equal(7, rows[0].Length);
        Assert.Equal("zhangsan", rows[1][0]);
        Assert.Equal(status, rows[1][6]);
    }

    [Theory]
    [InlineData("xlsx")]
    [InlineData("csv")]
    public async Task An_export_imports_back_with_every_row_unchanged(string format)
    {
        var admin = await factory.CreateClientAsync();
        var top = await admin.CreateDepartmentAsync($"总部{format}");
        var support = await admin.CreateDepartmentAsync("售后", top);
        var sales = await admin.CreateDepartmentAsync("销售", top);
        var both = await admin.PostAsJsonAsync("/api/directory/members", new
        {
            account = $"rt.{format}.zhang", name = "张三", email = $"rt.{format}.zhang@example.cn", password = DirectoryApi.Password,
            mobile = "+86 138 0013 8000", position = "客服组长", departmentIds = new[] { sales, support },
        });
        Assert.Equal(HttpStatusCode.Created, both.StatusCode);
        var gone = await admin.CreateMemberAsync($"rt.{format}.li", "李四", support);
        await admin.PostAsync($"/api/directory/members/{gone}/deactivate", null);

        var export = await admin.GetAsync($"/api/directory/export?format={format}&locale=zh-CN");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var file = await export.Content.ReadAsByteArrayAsync();
        var rows = Sheets.Read(file, format);
        var zhang = rows.Single(r => r[0] == $"rt.{format}.zhang");
        Assert.Equal($"总部{format}/销售;总部{format}/售后", zhang[2]);
        Assert.Equal("停用", rows.Single(r => r[0] == $"rt.{format}.li")[6]);

        var preview = await (await admin.ImportAsync(file, format)).JsonAsync();
        Assert.Equal(0, preview.GetProperty("failed").GetInt32());
        Assert.Equal(0, preview.GetProperty("created").GetInt32());
        Assert.Equal(0, preview.GetProperty("updated").GetInt32());
        Assert.Equal(0, preview.GetProperty("departmentsCreated").GetInt32());
        Assert.Equal(rows.Count - 1, preview.GetProperty("unchanged").GetInt32());
        Assert.All(preview.GetProperty("rows").EnumerateArray(), r => Assert.Equal("unchanged", r.GetProperty("outcome").GetString()));
    }

    [Fact]
    public async Task Row_errors_are_numbered_as_the_spreadsheet_shows_them_and_a_preview_changes_nothing()
    {
        var admin = await factory.CreateClientAsync();
        var file = Sheets.Xlsx(Sheets.English,
            ["err.wang", "王五", "华东/杭州", "err.wang@example.cn", "13800138000", "", ""],   // row 2
            ["", "", "", "", "", "", ""],                                                   // row 3: blank
            ["err.zhao", "赵六", "华东/杭州", "not-an-address", "", "", ""],                // row 4
            ["err.wang", "王五二", "华东", "err.wang2@example.cn", "", "", ""],              // row 5: account of row 2
            ["err bad", "", "华东//杭州", "err.x@example.cn", "call me", "", "maybe"]);     // row 6: five errors

        var response = await admin.ImportAsync(file);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = await response.JsonAsync();
        var rows = preview.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("row").GetInt32());
        Assert.Equal(new[] { 2, 4, 5, 6 }, rows.Keys.Order());
        Assert.Equal("created", rows[2].GetProperty("outcome").GetString());
        var email = Assert.Single(rows[4].GetProperty("errors").EnumerateArray());
        Assert.Equal(("email", "D4", "email.invalid"), (email.GetProperty("column").GetString(), email.GetProperty("cell").GetString(), email.GetProperty("code").GetString()));
        Assert.Contains("not-an-address", email.GetProperty("message").GetString());
        var duplicate = Assert.Single(rows[5].GetProperty("errors").EnumerateArray());
        Assert.Equal("A5", duplicate.GetProperty("cell").GetString());
        Assert.Contains("row 2", duplicate.GetProperty("message").GetString());
        Assert.Equal(new[] { "account", "departments", "mobile", "name", "status" },
            rows[6].GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("column").GetString()).Order());
        Assert.Equal((1, 3, 2), (preview.GetProperty("created").GetInt32(), preview.GetProperty("failed").GetInt32(), preview.GetProperty("departmentsCreated").GetInt32()));
        var members = await admin.GetFromJsonAsync<JsonElement>("/api/directory/members?q=err.");
        Assert.Equal(0, members.GetArrayLength());
    }

    [Fact]
    public async Task Applying_writes_the_good_rows_creates_the_departments_of_their_paths_and_leaves_the_rest()
    {
        var admin = await factory.CreateClientAsync();
        var file = Sheets.Xlsx(Sheets.English,
            ["ap.sun", "孙七", "华南/深圳;华南", "ap.sun@example.cn", "+852 9123 4567", "客服", "active"],
            ["ap.zhou", "周八", "华南/广州", "ap.zhou@", "", "", ""]);

        var applied = await (await admin.ImportAsync(file, apply: true)).JsonAsync();

        Assert.True(applied.GetProperty("applied").GetBoolean());
        Assert.Equal((1, 1), (applied.GetProperty("created").GetInt32(), applied.GetProperty("failed").GetInt32()));
        var sun = Assert.Single((await admin.GetFromJsonAsync<JsonElement>("/api/directory/members?q=ap.sun")).EnumerateArray());
        Assert.Equal(("孙七", "+852 9123 4567", true), (sun.GetProperty("name").GetString(), sun.GetProperty("mobile").GetString(), sun.GetProperty("active").GetBoolean()));
        var departments = await admin.GetFromJsonAsync<JsonElement>("/api/directory/departments");
        var byId = departments.EnumerateArray().ToDictionary(d => d.GetProperty("id").GetGuid(), d => d.GetProperty("name").GetString());
        Assert.Equal(new[] { "深圳", "华南" }, sun.GetProperty("departmentIds").EnumerateArray().Select(d => byId[d.GetGuid()]));
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement>("/api/directory/members?q=ap.zhou")).EnumerateArray());

        // The same file again: the member is there, the bad row still fails; a changed name updates by account.
        var again = await (await admin.ImportAsync(file)).JsonAsync();
        Assert.Equal((0, 1, 1), (again.GetProperty("created").GetInt32(), again.GetProperty("unchanged").GetInt32(), again.GetProperty("failed").GetInt32()));
        var renamed = Sheets.Xlsx(Sheets.English, ["AP.SUN", "孙七七", "华南/深圳;华南", "ap.sun@example.cn", "+852 9123 4567", "客服", "inactive"]);
        var update = await (await admin.ImportAsync(renamed, apply: true)).JsonAsync();
        Assert.Equal(1, update.GetProperty("updated").GetInt32());
        var now = await admin.GetFromJsonAsync<JsonElement>($"/api/directory/members/{sun.GetProperty("id").GetGuid()}");
        Assert.Equal(("ap.sun", "孙七七", false), (now.GetProperty("account").GetString(), now.GetProperty("name").GetString(), now.GetProperty("active").GetBoolean()));
    }

    [Fact]
    public async Task A_file_that_is_not_the_template_is_refused_saying_what_to_fix()
    {
        var admin = await factory.CreateClientAsync();

        var notXlsx = await admin.ImportAsync("account,name\nx,y\n"u8.ToArray(), "xlsx");
        var noEmail = await admin.ImportAsync("Account,Name,Departments\nx,y,z\n"u8.ToArray(), "csv");

        Assert.Equal(HttpStatusCode.BadRequest, notXlsx.StatusCode);
        Assert.Contains("file", await notXlsx.ErrorFieldsAsync());
        Assert.Equal(HttpStatusCode.BadRequest, noEmail.StatusCode);
        Assert.Contains("Email", (await noEmail.JsonAsync()).GetProperty("errors").GetProperty("file")[0].GetString());
    }

    [Fact]
    public async Task A_chinese_csv_imports_with_the_chinese_headers_and_statuses()
    {
        var admin = await factory.CreateClientAsync();
        var csv = System.Text.Encoding.UTF8.GetBytes("\uFEFF账号,姓名,部门,邮箱,手机,职务,状态\ncsv.qian,钱九,华北/北京,csv.qian@example.cn,010-12345678,经理,在职\n");

        var applied = await (await admin.ImportAsync(csv, "csv", apply: true)).JsonAsync();

        Assert.Equal(1, applied.GetProperty("created").GetInt32());
        var qian = Assert.Single((await admin.GetFromJsonAsync<JsonElement>("/api/directory/members?q=csv.qian")).EnumerateArray());
        Assert.Equal("钱九", qian.GetProperty("name").GetString());
    }
}
