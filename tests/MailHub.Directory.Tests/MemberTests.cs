using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Testing;

namespace MailHub.People.Tests;

public sealed class MemberTests(MailHubFactory factory) : IClassFixture<MailHubFactory>
{
    [Fact]
    public async Task A_member_created_by_an_admin_logs_in_with_their_email_and_password_and_is_who_the_token_says()
    {
        var admin = await factory.CreateClientAsync();
        var department = await admin.CreateDepartmentAsync("售后");
        var response = await admin.PostAsJsonAsync("/api/directory/members", new
        {
            account = "zhangsan", name = "张三", email = "zhangsan@example.cn", password = DirectoryApi.Password,
            role = "agent", departmentIds = new[] { department }, mobile = "13800000000", position = "客服",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.JsonAsync();
        Assert.False(created.TryGetProperty("password", out _));
        Assert.Equal("zhangsan", created.GetProperty("account").GetString());
        var agent = await factory.LoginAsync("zhangsan");
        var me = await (await agent.GetAsync("/api/auth/me")).JsonAsync();
        Assert.Equal(created.GetProperty("id").GetString(), me.GetProperty("id").GetString());
        Assert.Equal("agent", me.GetProperty("role").GetString());
        Assert.Equal("张三", me.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("zhang san")]
    [InlineData("张三")]
    [InlineData("a@b")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456")]
    public async Task An_account_outside_1_to_32_letters_digits_dot_dash_underscore_is_refused_naming_the_field(string account)
    {
        var admin = await factory.CreateClientAsync();
        var department = await admin.CreateDepartmentAsync("Sales");
        var response = await admin.PostAsJsonAsync("/api/directory/members", new
        {
            account, name = "X", email = $"x{Guid.NewGuid():N}@example.cn", password = DirectoryApi.Password, departmentIds = new[] { department },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("account", await response.ErrorFieldsAsync());
    }

    [Fact]
    public async Task Accounts_of_32_characters_with_dots_dashes_and_underscores_are_accepted_and_unique()
    {
        var admin = await factory.CreateClientAsync();
        var department = await admin.CreateDepartmentAsync("Ops");
        var account = "li.si-2_" + new string('x', 24);
        await admin.CreateMemberAsync(account, "李四", department);

        var again = await admin.PostAsJsonAsync("/api/directory/members", new
        {
            account = account.ToUpperInvariant(), name = "Other", email = "other.person@example.cn", password = DirectoryApi.Password,
            departmentIds = new[] { department },
        });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("account", await again.ErrorFieldsAsync());
    }

    [Fact]
    public async Task The_account_never_changes_but_the_rest_of_a_member_does()
    {
        var admin = await factory.CreateClientAsync();
        var first = await admin.CreateDepartmentAsync("一线");
        var second = await admin.CreateDepartmentAsync("二线");
        var id = await admin.CreateMemberAsync("wangwu", "王五", first);

        var renamed = await admin.PutAsJsonAsync($"/api/directory/members/{id}", new { account = "wangwu2", name = "王五五" });
        Assert.Equal(HttpStatusCode.BadRequest, renamed.StatusCode);
        Assert.Equal(new[] { "account" }, await renamed.ErrorFieldsAsync());

        var changed = await admin.PutAsJsonAsync($"/api/directory/members/{id}", new
        {
            account = "wangwu", name = "王五五", departmentIds = new[] { second, first }, role = "admin",
        });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var member = await changed.JsonAsync();
        Assert.Equal("wangwu", member.GetProperty("account").GetString());
        Assert.Equal("王五五", member.GetProperty("name").GetString());
        Assert.Equal(new[] { second, first }, member.GetProperty("departmentIds").EnumerateArray().Select(e => e.GetGuid()));
        var me = await (await (await factory.LoginAsync("wangwu")).GetAsync("/api/auth/me")).JsonAsync();
        Assert.Equal("admin", me.GetProperty("role").GetString());
    }

    [Fact]
    public async Task An_email_already_used_to_log_in_is_refused_and_leaves_no_member_behind()
    {
        var admin = await factory.CreateClientAsync();
        var department = await admin.CreateDepartmentAsync("Billing");
        var response = await admin.PostAsJsonAsync("/api/directory/members", new
        {
            account = "copycat", name = "Copy", email = MailHubFactory.AdminEmail, password = DirectoryApi.Password,
            departmentIds = new[] { department },
        });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("email", await response.ErrorFieldsAsync());
        var members = await admin.GetFromJsonAsync<JsonElement>("/api/directory/members?q=copycat");
        Assert.Equal(0, members.GetArrayLength());
    }

    [Fact]
    public async Task Agents_may_read_the_directory_but_not_change_departments_or_members()
    {
        var admin = await factory.CreateClientAsync();
        var department = await admin.CreateDepartmentAsync("Support");
        await admin.CreateMemberAsync("agent.only", "Agent Only", department);
        var agent = await factory.LoginAsync("agent.only");

        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/api/directory/departments")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync("/api/directory/departments", new { name = "Mine" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync("/api/directory/members", new
        {
            account = "sneaky", name = "S", email = "sneaky@example.cn", password = DirectoryApi.Password, departmentIds = new[] { department },
        })).StatusCode);
    }

    [Fact]
    public async Task Departments_form_a_tree_and_a_department_cannot_move_under_its_own_child()
    {
        var admin = await factory.CreateClientAsync();
        var root = await admin.CreateDepartmentAsync("总部");
        var child = await admin.CreateDepartmentAsync("华南", root);
        await admin.CreateDepartmentAsync("深圳", child);

        var tree = await admin.GetFromJsonAsync<JsonElement>("/api/directory/departments/tree");
        var top = tree.EnumerateArray().Single(d => d.GetProperty("id").GetGuid() == root);
        var south = top.GetProperty("children").EnumerateArray().Single();
        Assert.Equal("华南", south.GetProperty("name").GetString());
        Assert.Equal("深圳", south.GetProperty("children")[0].GetProperty("name").GetString());

        var cycle = await admin.PutAsJsonAsync($"/api/directory/departments/{root}", new { name = "总部", parentId = child });
        Assert.Equal(HttpStatusCode.BadRequest, cycle.StatusCode);
        Assert.Contains("parentId", await cycle.ErrorFieldsAsync());
    }
}
