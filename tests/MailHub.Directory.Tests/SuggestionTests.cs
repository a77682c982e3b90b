using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Conversations.Contracts;
using MailHub.People.Contracts;
using MailHub.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace MailHub.People.Tests;

public sealed class SuggestionTests(MailHubFactory factory) : IClassFixture<MailHubFactory>
{
    private ICustomerDirectory Customers => factory.Services.GetRequiredService<ICustomerDirectory>();

    private async Task OpenConversationAsync(Guid customerId, string email)
    {
        var store = factory.Services.GetRequiredService<IDocumentStore>();
        var conversationId = Guid.NewGuid();
        var opened = new ConversationOpened(conversationId, Openings.NextNumber(), Guid.NewGuid(), customerId, email, "询价",
            null, "zh", DateTimeOffset.UtcNow, "x", Openings.NewReplyToken());
        await store.StartStreamAsync(ConversationEvents.StreamOf(conversationId), opened);
    }

    private async Task<List<(string? Name, string? Address, string? Kind)>> SuggestAsync(HttpClient client, string q) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/directory/suggestions?q={Uri.EscapeDataString(q)}&limit=20")).GetProperty("items")
            .EnumerateArray().Select(s => (s.GetProperty("name").GetString(), s.GetProperty("address").GetString(), s.GetProperty("kind").GetString()))
            .ToList();

    [Fact]
    public async Task Recent_and_frequent_correspondents_come_first_then_members_then_other_customers()
    {
        var admin = await factory.CreateClientAsync();
        var team = await admin.CreateDepartmentAsync("建议");
        await admin.CreateMemberAsync("wang.wu", "王五", team);
        await Customers.MatchOrCreateAsync("wang.daming@shop.example", "王大明");
        var once = await Customers.MatchOrCreateAsync("wang.xiaoming@shop.example", "王小明");
        var often = await Customers.MatchOrCreateAsync("wang.laoban@corp.example", "老王");
        await OpenConversationAsync(once.Id, "wang.xiaoming@shop.example");
        for (var i = 0; i < 3; i++)
            await OpenConversationAsync(often.Id, "wang.laoban@corp.example");

        List<(string? Name, string? Address, string? Kind)> found = [];
        await DirectoryApi.WaitUntilAsync(async () => (found = await SuggestAsync(admin, "王")).Count(s => s.Kind == "recent") == 2);

        Assert.Equal(
            [("老王", "wang.laoban@corp.example", "recent"), ("王小明", "wang.xiaoming@shop.example", "recent"),
             ("王五", "wang.wu@example.cn", "member"), ("王大明", "wang.daming@shop.example", "customer")],
            found);
    }

    [Fact]
    public async Task Names_match_anywhere_addresses_only_from_their_start_and_deactivated_members_are_left_out()
    {
        var admin = await factory.CreateClientAsync();
        var team = await admin.CreateDepartmentAsync("匹配");
        await Customers.MatchOrCreateAsync("zhou.xiaomei@shop.example", "周小美");
        var gone = await admin.CreateMemberAsync("zhou.left", "周离职", team);
        await admin.PostAsync($"/api/directory/members/{gone}/deactivate", null);

        Assert.Contains(("周小美", "zhou.xiaomei@shop.example", "customer"), await SuggestAsync(admin, "小美"));
        Assert.Contains(("周小美", "zhou.xiaomei@shop.example", "customer"), await SuggestAsync(admin, "ZHOU.X"));
        Assert.Empty(await SuggestAsync(admin, "xiaomei"));
        Assert.DoesNotContain(await SuggestAsync(admin, "周"), s => s.Address == "zhou.left@example.cn");
        Assert.Empty(await SuggestAsync(admin, "  "));
    }
}
