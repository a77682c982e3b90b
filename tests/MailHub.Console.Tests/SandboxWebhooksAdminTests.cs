using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using MailHub.Testing;
using static Microsoft.Playwright.Assertions;

namespace MailHub.Console.Tests;

/// <summary>The sandbox page's Webhooks tab: a webhook added, its delivery log after a capture (a receiver that is not there), removed.</summary>
public sealed class SandboxWebhooksAdminTests(ConsoleHost host, Browser browser) : IClassFixture<ConsoleHost>, IClassFixture<Browser>
{
    [Fact]
    public Task An_admin_adds_a_webhook_sees_its_failed_attempts_and_removes_it() =>
        browser.RunAsync(nameof(An_admin_adds_a_webhook_sees_its_failed_attempts_and_removes_it), async pages =>
    {
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)closed.LocalEndpoint).Port}/hook";
        closed.Stop(); // nothing listens there: every attempt is refused

        var page = await pages.OpenAsync();
        await page.SignInAsync(host, MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);
        await page.GotoAsync($"{host.Url}/admin/sandbox/webhooks");
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Webhooks" })).ToHaveAttributeAsync("aria-selected", "true");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Add webhook" });
        await dialog.GetByLabel("URL").FillAsync(url);
        await dialog.GetByLabel("Secret").FillAsync("a-webhook-secret-for-qa");
        await dialog.GetByRole(AriaRole.Checkbox, new() { Name = "Received (mail into a sandbox mailbox)" }).UncheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(page.GetByText("The webhook was added.")).ToBeVisibleAsync();
        await Expect(page.GetByText(url)).ToBeVisibleAsync();

        using var admin = await host.CreateClientAsync();
        var hooks = await admin.GetFromJsonAsync<JsonElement>("/api/sandbox/webhooks");
        var hook = Assert.Single(hooks.EnumerateArray());
        Assert.Equal(["captured"], hook.GetProperty("events").EnumerateArray().Select(e => e.GetString()));

        // A capture: its delivery is attempted, refused, and the log shows it after a refresh.
        var mailbox = await host.CreateSandboxMailboxAsync("Hooks page", "Shop");
        var sent = await admin.PostAsJsonAsync($"/api/channels/mailboxes/{mailbox.Id}/test-send", new { to = "hook-customer@example.org" });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        Assert.True(await Eventually.HoldsAsync(async () =>
            (await admin.GetFromJsonAsync<JsonElement>("/api/sandbox/webhooks"))[0].GetProperty("deliveries").EnumerateArray()
                .Any(d => d.GetProperty("attempts").GetInt32() >= 1), TimeSpan.FromSeconds(30)), "no delivery was attempted");
        await page.GetByRole(AriaRole.Button, new() { Name = "Refresh" }).ClickAsync();
        var log = page.GetByRole(AriaRole.Table, new() { Name = $"Deliveries to {url}" });
        await Expect(log).ToContainTextAsync("captured");
        await Expect(log).ToContainTextAsync("Pending");

        await page.GetByRole(AriaRole.Button, new() { Name = $"Remove webhook {url}" }).ClickAsync();
        await page.Locator(".ant-popconfirm").GetByRole(AriaRole.Button, new() { Name = "Remove", Exact = true }).ClickAsync();
        await Expect(page.GetByText("No webhooks yet.")).ToBeVisibleAsync();
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonElement>("/api/sandbox/webhooks")).GetArrayLength());
    });
}
