using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MailHub.Testing;
using static Microsoft.Playwright.Assertions;

namespace MailHub.Console.Tests;

/// <summary>
/// The conversation list as an agent uses it: mail arriving live, Chinese search, j/k/Enter, the views with their
/// counts, bulk close and scrolling past the first page. Each test writes to a sandbox mailbox of its own and shows
/// the list filtered by it, so the tests sharing this host do not see each other's conversations.
/// </summary>
public sealed class ConversationListTests(ConsoleHost host, Browser browser) : IClassFixture<ConsoleHost>, IClassFixture<Browser>
{
    [Fact]
    public Task A_mail_sent_over_SMTP_appears_in_the_open_list_without_a_reload() => browser.RunAsync(nameof(A_mail_sent_over_SMTP_appears_in_the_open_list_without_a_reload), async pages =>
    {
        var mailbox = await CreateMailboxAsync("live");
        var page = await pages.OpenAsync();
        var connected = LiveReady(page, mailbox.Id.ToString());
        await page.SignInAsync(host, MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);
        await page.GotoAsync($"{host.Url}/conversations?view=all&mailbox={mailbox.Id}");
        var list = List(page);
        await Expect(page.GetByText("No conversations here.")).ToBeVisibleAsync();
        await connected.WaitAsync(TimeSpan.FromSeconds(30)); // the push would reach it now, not only a re-read on connecting

        await SendAsync(mailbox, "打印机无法连接 Wi-Fi", "你好，打印机连不上无线网络。");

        await Expect(list.GetByRole(AriaRole.Link, new() { Name = "打印机无法连接 Wi-Fi" })).ToBeVisibleAsync();
        await Expect(list.GetByRole(AriaRole.Img, new() { Name = "New activity" })).ToBeVisibleAsync();
        await Expect(list).ToContainTextAsync("张三");
        await Expect(list).ToContainTextAsync("Live desk"); // the mailbox's name
    });

    [Fact]
    public Task A_Chinese_substring_of_the_subject_or_the_text_and_the_sender_find_their_conversations() => browser.RunAsync(nameof(A_Chinese_substring_of_the_subject_or_the_text_and_the_sender_find_their_conversations), async pages =>
    {
        var mailbox = await CreateMailboxAsync("search");
        await SendAsync(mailbox, "发票一直没有收到", "订单 20231 的发票在哪里？");
        await SendAsync(mailbox, "Delivery is late", "包裹还没到，我要退款。");
        await SendAsync(mailbox, "Question about sizes", "Which size fits?", from: "wang.fang@example.cn");
        await WaitForConversationsAsync(mailbox, 3);

        var page = await pages.OpenAsync();
        await page.SignInAsync(host, MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);
        await page.GotoAsync($"{host.Url}/conversations?view=all&mailbox={mailbox.Id}");
        var links = List(page).GetByRole(AriaRole.Link);
        await Expect(links).ToHaveCountAsync(3);
        var search = page.GetByRole(AriaRole.Searchbox, new() { Name = "Search conversations" });

        await search.FillAsync("发票");
        await Expect(links).ToHaveTextAsync(["发票一直没有收到"]);
        await search.FillAsync("退款"); // only in the text
        await Expect(links).ToHaveTextAsync(["Delivery is late"]);
        await search.FillAsync("wang.fang");
        await Expect(links).ToHaveTextAsync(["Question about sizes"]);
        await search.FillAsync("没有这种会话");
        await Expect(page.GetByText("No conversation matches “没有这种会话”.")).ToBeVisibleAsync();
        Assert.Contains("q=", page.Url, StringComparison.Ordinal); // the search is in the URL: a reload keeps it
    });

    [Fact]
    public Task The_list_speaks_Chinese_with_times_in_the_user_s_time_zone() => browser.RunAsync(nameof(The_list_speaks_Chinese_with_times_in_the_user_s_time_zone), async pages =>
    {
        var mailbox = await CreateMailboxAsync("chinese");
        await SendAsync(mailbox, "退货流程", "请问怎么退货？");
        var sent = (await WaitForConversationsAsync(mailbox, 1))[0].GetProperty("lastMessageAt").GetDateTimeOffset();

        var page = await pages.OpenAsync(timezoneId: "America/New_York");
        await page.SignInAsync(host, MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);
        await page.EvaluateAsync("() => localStorage.setItem('mailhub.locale', 'zh-CN')");
        await page.GotoAsync($"{host.Url}/conversations?view=all&mailbox={mailbox.Id}");

        var list = page.GetByRole(AriaRole.List, new() { Name = "会话列表" });
        await Expect(list.GetByRole(AriaRole.Link, new() { Name = "退货流程" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Radiogroup, new() { Name = "视图" }).GetByRole(AriaRole.Radio, new() { Name = "全部" })).ToBeCheckedAsync();
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "处理中" })).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(page.GetByRole(AriaRole.Searchbox, new() { Name = "搜索会话" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "选择“退货流程”" })).ToBeVisibleAsync();
        // The time as New York's clock shows it, not Shanghai's (the tests' default browser) nor the server's.
        var local = TimeZoneInfo.ConvertTime(sent, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
        await Expect(list.Locator("time")).ToHaveAttributeAsync("title",
            new Regex(Regex.Escape(local.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture))));
    });

    [Fact]
    public Task J_and_k_move_through_the_list_and_Enter_opens_the_conversation_beside_it() => browser.RunAsync(nameof(J_and_k_move_through_the_list_and_Enter_opens_the_conversation_beside_it), async pages =>
    {
        var mailbox = await CreateMailboxAsync("keys");
        foreach (var subject in new[] { "Keys one", "Keys two", "Keys three" })
            await SendAsync(mailbox, subject, "Hello");
        await WaitForConversationsAsync(mailbox, 3);

        var page = await pages.OpenAsync();
        await page.SignInAsync(host, MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);
        await page.GotoAsync($"{host.Url}/conversations?view=all&mailbox={mailbox.Id}");
        var links = List(page).GetByRole(AriaRole.Link);
        await Expect(links).ToHaveCountAsync(3);

        await page.Keyboard.PressAsync("j");
        await Expect(links.Nth(0)).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("j");
        await page.Keyboard.PressAsync("j");
        await Expect(links.Nth(2)).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("k");
        await Expect(links.Nth(1)).ToBeFocusedAsync();
        var second = await links.Nth(1).GetAttributeAsync("href");
        await page.Keyboard.PressAsync("Enter");

        var id = Regex.Match(second!, "/conversations/([0-9a-f-]{36})").Groups[1].Value;
        await Expect(page).ToHaveURLAsync(new Regex($"/conversations/{id}\\?"));
        await Expect(page.Locator($"[data-conversation='{id}']")).ToHaveAttributeAsync("aria-current", "page");
        await Expect(links).ToHaveCountAsync(3); // the list stays beside the open conversation
        await page.Keyboard.PressAsync("j");
        await Expect(links.Nth(2)).ToBeFocusedAsync();
    });

    [Fact]
    public Task An_agent_sees_mine_unassigned_and_my_teams_with_their_counts_and_only_supervisors_see_all() => browser.RunAsync(nameof(An_agent_sees_mine_unassigned_and_my_teams_with_their_counts_and_only_supervisors_see_all), async pages =>
    {
        using var admin = await host.CreateClientAsync();
        var team = await PostAsync(admin, "/api/directory/departments", new { name = "退换货" });
        var teamId = team.GetProperty("id").GetGuid();
        var mailbox = await CreateMailboxAsync("views");
        await PostAsync(admin, "/api/routing/rules", new
        {
            name = "Views desk to 退换货", order = 1, conditions = new { mailboxIds = new[] { mailbox.Id } }, assignTo = new { teamId },
            strategy = "round-robin",
        });
        var agentId = await host.CreateMemberAsync("zhouqi", "周七", "zhouqi@shop.example.cn", "agent-password-1", teamId);
        using var agent = await host.CreateClientAsync("zhouqi@shop.example.cn", "agent-password-1");
        // Away, so signing in does not make them available and routing leaves the team's queue unassigned.
        using (var away = await admin.PutAsJsonAsync($"/api/routing/agents/{agentId}/presence", new { status = "away" }))
            away.EnsureSuccessStatusCode();
        var before = await GetAsync(agent, "/api/conversations/counts?status=open");

        foreach (var subject in new[] { "Views assigned", "Views queued one", "Views queued two" })
            await SendAsync(mailbox, subject, "Hello");
        var items = await WaitForConversationsAsync(mailbox, 3, i => i.GetProperty("team").ValueKind == JsonValueKind.Object);
        var assigned = items.Single(i => i.GetProperty("subject").GetString() == "Views assigned").GetProperty("id").GetGuid();
        await PostAsync(admin, $"/api/conversations/{assigned}/assign", new { agentId });

        var page = await pages.OpenAsync();
        await page.SignInAsync(host, "zhouqi@shop.example.cn", "agent-password-1");
        await page.GotoAsync($"{host.Url}/conversations?mailbox={mailbox.Id}");
        var links = List(page).GetByRole(AriaRole.Link);
        await Expect(links).ToHaveTextAsync(["Views assigned"]); // Mine, the default
        await Expect(View(page, "Mine")).ToHaveAccessibleNameAsync($"Mine {Count(before, "mine") + 1}");
        await Expect(View(page, "Unassigned")).ToHaveAccessibleNameAsync($"Unassigned {Count(before, "unassigned") + 2}");
        await Expect(View(page, "My teams")).ToHaveAccessibleNameAsync($"My teams {Count(before, "teams") + 3}");
        await Expect(View(page, "All")).ToHaveCountAsync(0);

        await ChooseViewAsync(page, "Unassigned");
        await Expect(links).ToHaveCountAsync(2);
        await Expect(List(page)).Not.ToContainTextAsync("Views assigned");
        await ChooseViewAsync(page, "My teams");
        await Expect(links).ToHaveCountAsync(3);

        var supervisor = await pages.OpenAsync();
        await supervisor.SignInAsync(host, MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);
        await supervisor.GotoAsync($"{host.Url}/conversations?mailbox={mailbox.Id}");
        await ChooseViewAsync(supervisor, "All");
        await Expect(List(supervisor).GetByRole(AriaRole.Link)).ToHaveCountAsync(3);
    });

    [Fact]
    public Task Tag_and_priority_filter_the_list_and_the_waiting_sort_puts_the_longest_wait_first() => browser.RunAsync(nameof(Tag_and_priority_filter_the_list_and_the_waiting_sort_puts_the_longest_wait_first), async pages =>
    {
        var mailbox = await CreateMailboxAsync("filters");
        var now = DateTimeOffset.UtcNow;
        await SendAsync(mailbox, "Wrote an hour ago", "Hello", at: now.AddHours(-1));
        await SendAsync(mailbox, "Wrote three hours ago", "Hello", at: now.AddHours(-3));
        await SendAsync(mailbox, "Wrote two hours ago", "Hello", at: now.AddHours(-2));
        var items = await WaitForConversationsAsync(mailbox, 3);
        Guid IdOf(string subject) => items.Single(i => i.GetProperty("subject").GetString() == subject).GetProperty("id").GetGuid();
        using (var admin = await host.CreateClientAsync())
        {
            (await admin.PutAsJsonAsync($"/api/conversations/{IdOf("Wrote two hours ago")}/tags", new { tags = new[] { "VIP" } })).EnsureSuccessStatusCode();
            (await admin.PutAsJsonAsync($"/api/conversations/{IdOf("Wrote an hour ago")}/priority", new { priority = "urgent" })).EnsureSuccessStatusCode();
        }

        var page = await pages.OpenAsync();
        await page.SignInAsync(host, MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);
        await page.GotoAsync($"{host.Url}/conversations?view=all&mailbox={mailbox.Id}");
        var links = List(page).GetByRole(AriaRole.Link);
        // Latest activity first: the last to arrive on top, whatever date the customer's mail program wrote.
        await Expect(links).ToHaveTextAsync(["Wrote two hours ago", "Wrote three hours ago", "Wrote an hour ago"]);
        await Expect(List(page)).ToContainTextAsync("Waiting 3h");

        await page.GetByRole(AriaRole.Combobox, new() { Name = "Sort" }).ClickAsync();
        await page.Locator(".ant-select-item-option[title='Waiting longest']").ClickAsync();
        await Expect(links).ToHaveTextAsync(["Wrote three hours ago", "Wrote two hours ago", "Wrote an hour ago"]);

        await page.GetByRole(AriaRole.Combobox, new() { Name = "Priority" }).ClickAsync();
        await page.Locator(".ant-select-item-option[title='Urgent']").ClickAsync();
        await Expect(links).ToHaveTextAsync(["Wrote an hour ago"]);
        await Expect(List(page)).ToContainTextAsync("Urgent");
        await page.GotoAsync($"{host.Url}/conversations?view=all&mailbox={mailbox.Id}");

        var tag = page.GetByRole(AriaRole.Combobox, new() { Name = "Tag" });
        await tag.FillAsync("VIP");
        await tag.PressAsync("Enter");
        await Expect(links).ToHaveTextAsync(["Wrote two hours ago"]);
        Assert.Contains("tag=VIP", page.Url, StringComparison.Ordinal);
    });

    [Fact]
    public Task Closing_selected_conversations_in_bulk_moves_them_to_the_closed_tab() => browser.RunAsync(nameof(Closing_selected_conversations_in_bulk_moves_them_to_the_closed_tab), async pages =>
    {
        var mailbox = await CreateMailboxAsync("bulk");
        foreach (var subject in new[] { "Bulk first", "Bulk second", "Bulk kept" })
            await SendAsync(mailbox, subject, "Hello");
        await WaitForConversationsAsync(mailbox, 3);

        var page = await pages.OpenAsync();
        await page.SignInAsync(host, MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);
        await page.GotoAsync($"{host.Url}/conversations?view=all&mailbox={mailbox.Id}");
        var links = List(page).GetByRole(AriaRole.Link);
        await Expect(links).ToHaveCountAsync(3);
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Select “Bulk first”" }).CheckAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Select “Bulk second”" }).CheckAsync();
        var bulk = page.GetByRole(AriaRole.Toolbar, new() { Name = "Bulk actions" });
        await Expect(bulk).ToContainTextAsync("2 selected");
        await bulk.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Close: 2 done.");
        await Expect(links).ToHaveTextAsync(["Bulk kept"]);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Closed" }).ClickAsync();
        await Expect(links).ToHaveCountAsync(2);
        await Expect(List(page)).Not.ToContainTextAsync("Bulk kept");
    });

    [Fact]
    public Task Scrolling_to_the_end_of_the_list_reads_the_next_page() => browser.RunAsync(nameof(Scrolling_to_the_end_of_the_list_reads_the_next_page), async pages =>
    {
        const int total = 57; // more than one page (50)
        var mailbox = await CreateMailboxAsync("scroll");
        for (var i = 1; i <= total; i++)
            await SendAsync(mailbox, $"Scroll {i:00}", "Hello");
        await WaitForConversationsAsync(mailbox, total);

        var page = await pages.OpenAsync();
        await page.SignInAsync(host, MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);
        await page.GotoAsync($"{host.Url}/conversations?view=all&mailbox={mailbox.Id}");
        var links = List(page).GetByRole(AriaRole.Link);
        await Expect(links).ToHaveCountAsync(50);
        await Expect(page.GetByText("That is all.")).ToBeHiddenAsync();

        await links.Last.ScrollIntoViewIfNeededAsync();
        await page.Mouse.WheelAsync(0, 2000);

        await Expect(links).ToHaveCountAsync(total);
        await Expect(page.GetByText("That is all.")).ToBeVisibleAsync();
        var subjects = await links.AllTextContentsAsync();
        Assert.Equal(total, subjects.Distinct().Count()); // each conversation once: the second page starts after the first
    });

    /// <summary>
    /// Completes when the live connection (SignalR over a WebSocket) of the page whose address holds
    /// <paramref name="inUrl"/> has been told "ready" (an earlier page's connection does not count).
    /// </summary>
    private static Task LiveReady(IPage page, string inUrl)
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) =>
        {
            if (frame.Text?.Contains("\"target\":\"ready\"", StringComparison.Ordinal) == true && page.Url.Contains(inUrl, StringComparison.Ordinal))
                ready.TrySetResult();
        };
        return ready.Task;
    }

    private static ILocator List(IPage page) => page.GetByRole(AriaRole.List, new() { Name = "Conversation list" });

    private static ILocator View(IPage page, string name) =>
        page.GetByRole(AriaRole.Radiogroup, new() { Name = "Views" }).GetByRole(AriaRole.Radio, new() { Name = name });

    // The view's radio button is drawn by its label: a user clicks that.
    private static Task ChooseViewAsync(IPage page, string name) =>
        page.GetByRole(AriaRole.Radiogroup, new() { Name = "Views" }).Locator("label", new() { HasText = name }).ClickAsync();

    private static int Count(JsonElement counts, string view) => counts.GetProperty(view).GetInt32();

    private sealed record Mailbox(Guid Id, string Address);

    /// <summary>A sandbox mailbox named after the test ("live" → "Live desk", live@sandbox.mailhub.test).</summary>
    private async Task<Mailbox> CreateMailboxAsync(string name)
    {
        using var admin = await host.CreateClientAsync();
        var created = await PostAsync(admin, "/api/channels/mailboxes", new
        {
            name, displayName = $"{char.ToUpperInvariant(name[0])}{name[1..]} desk", inbound = new { protocol = "sandbox" },
        });
        return new Mailbox(created.GetProperty("id").GetGuid(), created.GetProperty("address").GetString()!);
    }

    /// <summary>A customer's mail over SMTP, from <paramref name="from"/>, dated <paramref name="at"/> (now by default).</summary>
    private async Task SendAsync(Mailbox mailbox, string subject, string text, string from = CustomerMails.Customer, DateTimeOffset? at = null)
    {
        var mail = CustomerMails.FromCustomer(mailbox.Address, CustomerMails.NewMessageId(), subject, text);
        if (from != CustomerMails.Customer || at is not null)
        {
            var source = Encoding.UTF8.GetString(mail).Replace($"<{CustomerMails.Customer}>", $"<{from}>", StringComparison.Ordinal);
            if (at is { } date)
                source = Regex.Replace(source, "^Date: [^\\r\\n]*", "Date: " + date.ToString("ddd, dd MMM yyyy HH:mm:ss +0000", System.Globalization.CultureInfo.InvariantCulture),
                    RegexOptions.Multiline);
            mail = Encoding.UTF8.GetBytes(source);
        }
        await CustomerSmtp.SendAsync(await host.SmtpEndpointAsync(), from, mailbox.Address, mail);
    }

    /// <summary>Waits until the mailbox's open list (read through the API) holds <paramref name="count"/> conversations.</summary>
    private async Task<IReadOnlyList<JsonElement>> WaitForConversationsAsync(Mailbox mailbox, int count, Func<JsonElement, bool>? each = null)
    {
        using var admin = await host.CreateClientAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var items = (await GetAsync(admin, $"/api/conversations?mailbox={mailbox.Id}&status=open&limit=200"))
                .GetProperty("items").EnumerateArray().ToList();
            if (items.Count >= count && (each is null || items.All(each)))
                return items;
            Assert.False(deadline.IsCancellationRequested, $"{items.Count} of {count} conversations arrived in {mailbox.Address}");
            await Task.Delay(200, CancellationToken.None);
        }
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
