using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Conversations.Contracts;
using MailHub.People.Contracts;
using MailHub.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace MailHub.People.Tests;

public sealed class CustomerTests(MailHubFactory factory) : IClassFixture<MailHubFactory>
{
    private ICustomerDirectory Customers => factory.Services.GetRequiredService<ICustomerDirectory>();

    [Fact]
    public async Task An_inbound_sender_matches_its_contact_whatever_the_case_of_the_address()
    {
        var first = await Customers.MatchOrCreateAsync("Li.Lei@Example.CN", "李雷");
        var again = await Customers.MatchOrCreateAsync("li.lei@example.cn", null);

        Assert.Equal(first.Id, again.Id);
        Assert.Equal("李雷", again.Name);
        Assert.Equal(new[] { "Li.Lei@Example.CN" }, again.Emails);
    }

    [Fact]
    public async Task A_new_sender_without_a_display_name_is_named_after_the_local_part()
    {
        var customer = await Customers.MatchOrCreateAsync("han.meimei@example.com", "  ");
        Assert.Equal("han.meimei", customer.Name);
    }

    [Fact]
    public async Task Twenty_concurrent_matches_for_one_new_address_make_one_customer()
    {
        var address = $"race-{Guid.NewGuid():N}@example.com";
        using var start = new Barrier(20);
        var matches = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            start.SignalAndWait();
            return await Customers.MatchOrCreateAsync(i % 2 == 0 ? address : address.ToUpperInvariant(), "Racer");
        })));

        Assert.Single(matches.Select(m => m.Id).Distinct());
        var admin = await factory.CreateClientAsync();
        var found = await admin.GetFromJsonAsync<JsonElement>($"/api/directory/customers?q={address}");
        Assert.Equal(1, found.GetArrayLength());
    }

    [Fact]
    public async Task Merging_moves_the_contacts_and_the_merged_id_answers_with_the_survivor()
    {
        var survivor = await Customers.MatchOrCreateAsync("wang.fang@corp.example", "王芳");
        var other = await Customers.MatchOrCreateAsync("fang.wang@gmail.example", "Wang Fang");
        var admin = await factory.CreateClientAsync();
        await admin.PutAsJsonAsync($"/api/directory/customers/{other.Id}", new { company = "华为技术有限公司", phone = "0755-1234" });

        var merged = await admin.PostAsJsonAsync($"/api/directory/customers/{survivor.Id}/merge", new { otherId = other.Id });

        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        var view = await merged.JsonAsync();
        Assert.Equal(survivor.Id, view.GetProperty("id").GetGuid());
        Assert.Equal("华为技术有限公司", view.GetProperty("company").GetString());
        Assert.Equal(2, view.GetProperty("emails").GetArrayLength());
        var lookup = await admin.GetFromJsonAsync<JsonElement>($"/api/directory/customers/{other.Id}");
        Assert.Equal(survivor.Id, lookup.GetProperty("id").GetGuid());
        Assert.Equal(survivor.Id, (await Customers.FindAsync(other.Id))!.Id);
        Assert.Equal(survivor.Id, (await Customers.MatchOrCreateAsync("FANG.WANG@gmail.example", null)).Id);
        var listed = await admin.GetFromJsonAsync<JsonElement>("/api/directory/customers?q=fang");
        Assert.Equal(new[] { survivor.Id }, listed.EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task Search_finds_customers_by_a_chinese_substring_of_name_or_company_and_by_email()
    {
        var admin = await factory.CreateClientAsync();
        var created = await admin.PostAsJsonAsync("/api/directory/customers", new
        {
            name = "欧阳娜娜", company = "深圳市腾讯计算机系统有限公司", emails = new[] { "nana@tencent.example" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();

        foreach (var q in new[] { "阳娜", "腾讯", "NANA@TENCENT", "tencent.example" })
        {
            var found = await admin.GetFromJsonAsync<JsonElement>($"/api/directory/customers?q={Uri.EscapeDataString(q)}");
            Assert.Contains(id, found.EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
        }
        var none = await admin.GetFromJsonAsync<JsonElement>($"/api/directory/customers?q={Uri.EscapeDataString("阿里巴巴")}");
        Assert.DoesNotContain(id, none.EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task An_address_of_another_customer_cannot_be_added_by_an_edit()
    {
        var one = await Customers.MatchOrCreateAsync("one@taken.example", null);
        var two = await Customers.MatchOrCreateAsync("two@taken.example", null);
        var admin = await factory.CreateClientAsync();

        var response = await admin.PutAsJsonAsync($"/api/directory/customers/{two.Id}", new { emails = new[] { "two@taken.example", "ONE@taken.example" } });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("emails", await response.ErrorFieldsAsync());
        Assert.Equal(new[] { "one@taken.example" }, (await Customers.FindAsync(one.Id))!.Emails);
    }

    [Fact]
    public async Task Suggestions_offer_members_and_contacts_by_name_or_address()
    {
        var admin = await factory.CreateClientAsync();
        var department = await admin.CreateDepartmentAsync("Suggest");
        await admin.CreateMemberAsync("zhaoliu", "赵六", department);
        await Customers.MatchOrCreateAsync("zhao.customer@shop.example", "赵客户");

        var suggestions = await admin.GetFromJsonAsync<JsonElement>($"/api/directory/suggestions?q={Uri.EscapeDataString("赵")}");
        var kinds = suggestions.GetProperty("items").EnumerateArray()
            .Select(s => (s.GetProperty("address").GetString(), s.GetProperty("kind").GetString())).ToList();
        Assert.Contains(("zhaoliu@example.cn", "member"), kinds);
        Assert.Contains(("zhao.customer@shop.example", "customer"), kinds);
        var byAddress = (await admin.GetFromJsonAsync<JsonElement>("/api/directory/suggestions?q=zhao.cus")).GetProperty("items");
        Assert.Equal("zhao.customer@shop.example", byAddress[0].GetProperty("address").GetString());
        Assert.True(byAddress.GetArrayLength() <= 10);
    }

    [Fact]
    public async Task A_customer_shows_the_conversations_the_conversations_module_opened_for_it()
    {
        var customer = await Customers.MatchOrCreateAsync("history@client.example", "History");
        var store = factory.Services.GetRequiredService<IDocumentStore>();
        var conversationId = Guid.NewGuid();
        var number = Openings.NextNumber();
        var opened = new ConversationOpened(conversationId, number, Guid.NewGuid(), customer.Id, "history@client.example", "发票问题",
            null, "zh", DateTimeOffset.UtcNow, "History", Openings.NewReplyToken());
        await store.StartStreamAsync(ConversationEvents.StreamOf(conversationId), opened);

        var admin = await factory.CreateClientAsync();
        JsonElement view = default;
        await DirectoryApi.WaitUntilAsync(async () =>
        {
            view = await admin.GetFromJsonAsync<JsonElement>($"/api/directory/customers/{customer.Id}");
            return view.GetProperty("conversations").GetArrayLength() > 0;
        });
        var conversation = view.GetProperty("conversations")[0];
        Assert.Equal(conversationId, conversation.GetProperty("conversationId").GetGuid());
        Assert.Equal("发票问题", conversation.GetProperty("subject").GetString());
        Assert.Equal(number, conversation.GetProperty("number").GetInt64());
    }
}
