using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MailHub.Testing;
using static Microsoft.Playwright.Assertions;

namespace MailHub.Console.Tests;

/// <summary>
/// The QA sandbox page: an agent's reply, sent through the API while the page is open, appears at the top without a
/// reload; its HTML (in the sandboxed frame), text, headers and raw source read; search; delete one and all.
/// </summary>
public sealed class SandboxAdminTests(ConsoleHost host, Browser browser) : IClassFixture<ConsoleHost>, IClassFixture<Browser>
{
    [Fact]
    public Task A_reply_sent_through_the_API_while_the_sandbox_is_open_shows_up_live_and_reads_as_html_text_headers_and_source() =>
        browser.RunAsync(nameof(A_reply_sent_through_the_API_while_the_sandbox_is_open_shows_up_live_and_reads_as_html_text_headers_and_source), async pages =>
    {
        var mailbox = await host.CreateSandboxMailboxAsync("Sandbox page", "Shop support");
        var subject = "Where is parcel " + Guid.NewGuid().ToString("N")[..6];
        await CustomerSmtp.SendAsync(await host.SmtpEndpointAsync(), CustomerMails.Customer, mailbox.Address,
            CustomerMails.FromCustomer(mailbox.Address, CustomerMails.NewMessageId(), subject, "It has not arrived yet."));
        using var admin = await host.CreateClientAsync();
        var conversation = await Eventually.GetAsync<Guid?>(async () =>
        {
            var list = await admin.GetFromJsonAsync<JsonElement>("/api/conversations?limit=200");
            return list.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("subject").GetString() == subject)
                .Select(i => (Guid?)i.GetProperty("id").GetGuid()).FirstOrDefault();
        }, $"the conversation {subject}", TimeSpan.FromSeconds(30));

        var page = await pages.OpenAsync();
        await page.SignInAsync(host, MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);
        await page.GotoAsync($"{host.Url}/admin/sandbox");
        await Expect(page).ToHaveURLAsync(new Regex("/admin/sandbox/messages$"));
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Captured mail" })).ToHaveAttributeAsync("aria-selected", "true");
        var list = page.GetByRole(AriaRole.List, new() { Name = "Captured messages" });

        // The agent replies through the API; the page shows the capture without a reload, newest first.
        var replied = await admin.PostAsJsonAsync($"/api/conversations/{conversation}/replies", new
        {
            text = "Your parcel left Hangzhou today.",
            html = "<p>Your parcel <b>left Hangzhou</b> today.</p>",
        });
        Assert.True(replied.IsSuccessStatusCode, await replied.Content.ReadAsStringAsync());
        var reply = list.GetByRole(AriaRole.Link).First;
        await Expect(reply).ToContainTextAsync("Re: " + subject, new() { Timeout = 20_000 });
        await Expect(reply).ToContainTextAsync(CustomerMails.Customer);

        await reply.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Re: " + subject })).ToBeVisibleAsync();
        var frame = page.FrameLocator("iframe[title=\"The message's HTML\"]");
        await Expect(frame.Locator("b")).ToHaveTextAsync("left Hangzhou");
        var sandbox = await page.Locator("iframe[title=\"The message's HTML\"]").GetAttributeAsync("sandbox");
        Assert.NotNull(sandbox);
        Assert.DoesNotContain("allow-scripts", sandbox, StringComparison.Ordinal);
        var captured = page.Url.Split('/').Last();

        await page.GetByRole(AriaRole.Tab, new() { Name = "Text" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Tabpanel, new() { Name = "Text" })).ToContainTextAsync("Your parcel left Hangzhou today.");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Headers" }).ClickAsync();
        var headers = page.GetByRole(AriaRole.Table, new() { Name = "Headers" });
        await Expect(headers.GetByRole(AriaRole.Rowheader, new() { Name = "In-Reply-To" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Raw source" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Tabpanel, new() { Name = "Raw source" })).ToContainTextAsync("Content-Type: multipart/alternative");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Download .eml" })).ToHaveAttributeAsync("download", new Regex(@"\.eml$"));

        // Search narrows the list; a search that matches nothing says so.
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search captured mail" }).FillAsync("no-such-recipient@nowhere");
        await Expect(page.GetByText("No captured message matches “no-such-recipient@nowhere”.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search captured mail" }).FillAsync(subject);
        await Expect(list.GetByRole(AriaRole.Link)).ToHaveCountAsync(1);

        // Delete this one, then everything.
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await page.Locator(".ant-popconfirm").GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Expect(list.GetByRole(AriaRole.Link)).ToHaveCountAsync(0);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await admin.GetAsync($"/api/sandbox/messages/{captured}")).StatusCode);
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search captured mail" }).FillAsync("");
        replied = await admin.PostAsJsonAsync($"/api/conversations/{conversation}/replies", new { text = "One more thing: the tracking number is SF1234." });
        Assert.True(replied.IsSuccessStatusCode, await replied.Content.ReadAsStringAsync());
        await Expect(list.GetByRole(AriaRole.Link)).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete all" }).ClickAsync();
        await page.Locator(".ant-popconfirm").GetByRole(AriaRole.Button, new() { Name = "Delete all" }).ClickAsync();
        await Expect(page.GetByText("Nothing captured yet.", new() { Exact = false })).ToBeVisibleAsync();
        var left = await admin.GetFromJsonAsync<JsonElement>("/api/sandbox/messages");
        Assert.Equal(0, left.GetProperty("total").GetInt64());
    });
}
