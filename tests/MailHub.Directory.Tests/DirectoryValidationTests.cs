using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Testing;

namespace MailHub.People.Tests;

/// <summary>What a caller reads when the directory refuses a form: 400 problem details, each message under the field it is about.</summary>
public sealed class DirectoryValidationTests(MailHubFactory factory) : IClassFixture<MailHubFactory>
{
    [Fact]
    public async Task A_member_form_with_every_field_wrong_names_each_field_with_how_to_fix_it()
    {
        var admin = await factory.CreateClientAsync();
        var response = await admin.PostAsJsonAsync("/api/directory/members", new
        {
            account = "li si", name = "  ", email = "lisi-at-example.cn", role = "boss", password = "12345", departmentIds = Array.Empty<Guid>(),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.Equal(["account", "departmentIds", "email", "name", "password", "role"], errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal("'li si' is not a valid account: use 1 to 32 letters (a-z, A-Z), digits, '.', '-' or '_'.", Single(errors, "account"));
        Assert.Equal("'lisi-at-example.cn' is not an e-mail address: write it like zhangsan@example.cn.", Single(errors, "email"));
        Assert.StartsWith("Unknown role 'boss'", Single(errors, "role"), StringComparison.Ordinal);
        Assert.Equal("Use a password of at least 6 characters.", Single(errors, "password"));
    }

    [Fact]
    public async Task A_member_put_in_a_department_that_does_not_exist_is_refused_naming_departmentIds()
    {
        var admin = await factory.CreateClientAsync();
        var nowhere = Guid.NewGuid();
        var response = await admin.PostAsJsonAsync("/api/directory/members", new
        {
            account = "nobody.home", name = "无部门", email = "nobody.home@example.cn", password = DirectoryApi.Password, departmentIds = new[] { nowhere },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(nowhere.ToString(), Single((await response.JsonAsync()).GetProperty("errors"), "departmentIds"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_department_name_over_100_characters_is_refused()
    {
        var admin = await factory.CreateClientAsync();
        var response = await admin.PostAsJsonAsync("/api/directory/departments", new { name = new string('部', 101) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Keep the name to 100 characters.", Single((await response.JsonAsync()).GetProperty("errors"), "name"));
    }

    [Fact]
    public async Task A_bad_address_among_a_customers_emails_is_named_by_its_place_in_the_list()
    {
        var admin = await factory.CreateClientAsync();
        var response = await admin.PostAsJsonAsync("/api/directory/customers", new { name = "韩梅梅", emails = new[] { "han@example.cn", "han at home" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.Equal(["emails[1]"], errors.EnumerateObject().Select(e => e.Name));
        Assert.Equal("'han at home' is not an e-mail address: write it like li.lei@example.cn.", Single(errors, "emails[1]"));
    }

    [Fact]
    public async Task A_customer_without_a_name_or_an_address_is_refused()
    {
        var admin = await factory.CreateClientAsync();
        var response = await admin.PostAsJsonAsync("/api/directory/customers", new { company = "无名公司" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Give the customer a name or at least one e-mail address.", Single((await response.JsonAsync()).GetProperty("errors"), "name"));
    }

    [Fact]
    public async Task A_merge_without_otherId_is_refused_naming_otherId()
    {
        var admin = await factory.CreateClientAsync();
        var created = await admin.PostAsJsonAsync("/api/directory/customers", new { emails = new[] { $"merge-{Guid.NewGuid():N}@example.cn" } });
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();

        var response = await admin.PostAsJsonAsync($"/api/directory/customers/{id}/merge", new { });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Give otherId: the customer to fold into this one.", Single((await response.JsonAsync()).GetProperty("errors"), "otherId"));
    }

    private static string Single(JsonElement errors, string field) => Assert.Single(errors.GetProperty(field).EnumerateArray()).GetString()!;
}
