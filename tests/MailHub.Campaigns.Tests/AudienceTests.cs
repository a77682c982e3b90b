using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MiniExcelLibs;

namespace MailHub.Campaigns.Tests;

/// <summary>Lists from CSV and XLSX: a preview with each bad row's reason, then the good rows imported; the suppression list.</summary>
public sealed class AudienceTests(CampaignsHost host) : IClassFixture<CampaignsHost>
{
    [Fact]
    public async Task A_csv_preview_names_each_bad_row_and_imports_nothing_then_apply_imports_the_good_rows()
    {
        using var client = await host.CreateClientAsync();
        await CampaignApi.PostAsync(client, "/api/campaigns/suppressions", new { email = "Gone@Example.com" });
        var csv = CampaignApi.Csv(
            "email,name,city,plan",
            "ann@example.com,Ann,Berlin,gold",
            "not-an-address,Bob,Paris,",
            "ANN@example.com,Ann again,,",
            "gone@example.com,Gone,,",
            "李雷@example.cn,李雷,北京,silver",
            ",No address,,");

        var preview = await CampaignApi.UploadAsync(client, "Preview only", "list.csv", csv, apply: false);
        Assert.Equal(JsonValueKind.Null, preview.GetProperty("id").ValueKind);
        Assert.Equal(2, preview.GetProperty("imported").GetInt32());
        Assert.Equal(4, preview.GetProperty("skipped").GetInt32());
        var errors = preview.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString(), e.GetProperty("reason").GetString())).ToList();
        Assert.Equal([(3, "A (email)", "invalid"), (4, "A (email)", "duplicate"), (5, "A (email)", "suppressed"), (7, "A (email)", "invalid")], errors);
        Assert.Contains("row 2", preview.GetProperty("errors")[1].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(["city", "plan"], preview.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        var lists = await client.GetFromJsonAsync<JsonElement>("/api/campaigns/audiences");
        Assert.DoesNotContain(lists.GetProperty("items").EnumerateArray(), a => a.GetProperty("name").GetString() == "Preview only");

        var chinese = await CampaignApi.UploadAsync(client, "Preview only", "list.csv", csv, apply: false, language: "zh-CN");
        Assert.Equal("“not-an-address”不是有效的邮箱地址。", chinese.GetProperty("errors")[0].GetProperty("message").GetString());

        var imported = await CampaignApi.UploadAsync(client, "Customers 2026", "list.csv", csv);
        var id = imported.GetProperty("id").GetGuid();
        Assert.Equal(2, imported.GetProperty("imported").GetInt32());
        var audience = await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/audiences/{id}");
        Assert.Equal(2, audience.GetProperty("total").GetInt64());
        var members = audience.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["ann@example.com", "李雷@example.cn"], members.Select(m => m.GetProperty("email").GetString()));
        Assert.Equal("北京", members[1].GetProperty("fields").GetProperty("city").GetString());
        Assert.All(members, m => Assert.Equal("subscribed", m.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task An_xlsx_is_read_like_a_csv_with_chinese_headers()
    {
        using var client = await host.CreateClientAsync();
        using var file = new MemoryStream();
        MiniExcel.SaveAs(file, new[]
        {
            new Dictionary<string, object> { ["邮箱"] = "wang@example.com", ["姓名"] = "王芳", ["公司"] = "示例公司" },
            new Dictionary<string, object> { ["邮箱"] = "wang@", ["姓名"] = "坏地址", ["公司"] = "" },
        });
        var result = await CampaignApi.UploadAsync(client, "XLSX list", "list.xlsx", file.ToArray());
        Assert.Equal(1, result.GetProperty("imported").GetInt32());
        var error = Assert.Single(result.GetProperty("errors").EnumerateArray());
        Assert.Equal(3, error.GetProperty("row").GetInt32());
        Assert.Equal("A (邮箱)", error.GetProperty("column").GetString());
        var audience = await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/audiences/{result.GetProperty("id").GetGuid()}");
        var member = Assert.Single(audience.GetProperty("items").EnumerateArray());
        Assert.Equal("王芳", member.GetProperty("name").GetString());
        Assert.Equal("示例公司", member.GetProperty("fields").GetProperty("公司").GetString());
    }

    [Fact]
    public async Task A_file_without_an_email_column_is_refused_with_what_to_do()
    {
        using var client = await host.CreateClientAsync();
        using var form = new MultipartFormDataContent
        {
            { new StringContent("No email"), "name" },
            { new ByteArrayContent(CampaignApi.Csv("name,city", "Ann,Berlin")), "file", "list.csv" },
        };
        var response = await client.PostAsync("/api/campaigns/audiences", form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("\"email\" column", problem.GetProperty("errors").GetProperty("file")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_suppression_added_by_hand_is_listed_once_and_marks_the_address_in_every_list()
    {
        using var client = await host.CreateClientAsync();
        var audience = await CampaignApi.AudienceAsync(client, "Complainers", "email", "angry@example.com", "happy@example.com");
        var first = await client.PostAsJsonAsync("/api/campaigns/suppressions", new { email = "Angry@Example.com", reason = "complained" });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var again = await client.PostAsJsonAsync("/api/campaigns/suppressions", new { email = "angry@example.com" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var bad = await client.PostAsJsonAsync("/api/campaigns/suppressions", new { email = "nope" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        var list = await client.GetFromJsonAsync<JsonElement>("/api/campaigns/suppressions?q=angry");
        var item = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal("complained", item.GetProperty("reason").GetString());
        var members = await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/audiences/{audience}?state=complained");
        Assert.Equal("angry@example.com", Assert.Single(members.GetProperty("items").EnumerateArray()).GetProperty("email").GetString());
    }
}
