using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MailHub.Testing;
using static Microsoft.Playwright.Assertions;

namespace MailHub.Console.Tests;

/// <summary>The header's presence switch and the notifications bell, as an agent uses them.</summary>
public sealed class TogetherTests(ConsoleHost host, Browser browser) : IClassFixture<ConsoleHost>, IClassFixture<Browser>
{
    private const string Password = "agent-password-1";

    [Fact]
    public Task An_agent_goes_away_from_the_header_and_a_transfer_rings_the_bell_live_and_opens_from_the_panel() =>
        browser.RunAsync(nameof(An_agent_goes_away_from_the_header_and_a_transfer_rings_the_bell_live_and_opens_from_the_panel), async pages =>
    {
        var team = await host.CreateTeamAsync("售后-" + Guid.NewGuid().ToString("N")[..6]);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var receiver = await host.CreateMemberAsync("lisi" + suffix, "李四", $"lisi{suffix}@shop.example.cn", Password, team);
        await host.CreateMemberAsync("wangwu" + suffix, "王五", $"wangwu{suffix}@shop.example.cn", Password, team);
        var (_, mailbox) = await host.CreateSandboxMailboxAsync("Support " + suffix, "客服中心");
        var subject = "发票抬头写错了 " + suffix;
        await CustomerSmtp.SendAsync(await host.SmtpEndpointAsync(), CustomerMails.Customer, mailbox,
            CustomerMails.FromCustomer(mailbox, CustomerMails.NewMessageId(), subject, "请帮我重开发票。"));

        var page = await pages.OpenAsync();
        await page.SignInAsync(host, $"lisi{suffix}@shop.example.cn", Password);
        var presence = page.GetByRole(AriaRole.Radiogroup, new() { Name = "Presence" });
        // Opening the console signed the agent in: online.
        await Expect(presence.GetByRole(AriaRole.Radio, new() { Name = "Online" })).ToBeCheckedAsync();
        await presence.GetByText("Away").ClickAsync();
        await Expect(presence.GetByRole(AriaRole.Radio, new() { Name = "Away" })).ToBeCheckedAsync();
        using var sender = await host.CreateClientAsync($"wangwu{suffix}@shop.example.cn", Password);
        Assert.Equal("away", (await sender.GetFromJsonAsync<JsonElement>($"/api/routing/agents/{receiver}")).GetProperty("status").GetString());

        // 王五 hands the customer's conversation to 李四 (by hand: away is no obstacle to that, only to routing's picks).
        var conversation = await Eventually.GetAsync<Guid?>(async () =>
        {
            var list = await sender.GetFromJsonAsync<JsonElement>("/api/conversations?limit=50");
            return list.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("subject").GetString() == subject)
                .Select(i => (Guid?)i.GetProperty("id").GetGuid()).FirstOrDefault();
        }, "the customer's conversation", TimeSpan.FromSeconds(20));
        await Eventually.GetAsync<object>(async () =>
        {
            using var transfer = await sender.PostAsJsonAsync($"/api/conversations/{conversation}/transfer", new { agentId = receiver, note = "客户要求重开发票" });
            return transfer.StatusCode == HttpStatusCode.OK ? new object() : null; // 404 until routing has seen it
        }, "the transfer", TimeSpan.FromSeconds(20));

        var bell = page.GetByRole(AriaRole.Button, new() { Name = "Notifications, 1 unread" });
        await Expect(bell).ToBeVisibleAsync();
        // 李四 has the console open in a second browser too: it rings there as well.
        var other = await pages.OpenAsync();
        await other.SignInAsync(host, $"lisi{suffix}@shop.example.cn", Password);
        await Expect(other.GetByRole(AriaRole.Button, new() { Name = "Notifications, 1 unread" })).ToBeVisibleAsync();
        await bell.ClickAsync();
        var panel = page.GetByRole(AriaRole.Dialog, new() { Name = "Notifications" });
        await Expect(panel).ToContainTextAsync("王五 transferred a conversation to you");
        await Expect(panel).ToContainTextAsync(subject);
        await Expect(panel).ToContainTextAsync("客户要求重开发票");
        await panel.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("transferred a conversation to you") }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/conversations/{conversation}"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Notifications", Exact = true })).ToBeVisibleAsync();
        // Read here, read there: the other browser's bell goes quiet without a reload.
        await Expect(other.GetByRole(AriaRole.Button, new() { Name = "Notifications", Exact = true })).ToBeVisibleAsync();
        var read = await (await host.CreateClientAsync($"lisi{suffix}@shop.example.cn", Password)).GetFromJsonAsync<JsonElement>("/api/routing/notifications");
        Assert.Equal(0, read.GetProperty("unread").GetInt32());
    });
}
