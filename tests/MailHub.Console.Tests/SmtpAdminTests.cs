using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Testing;
using static Microsoft.Playwright.Assertions;

namespace MailHub.Console.Tests;

/// <summary>
/// The admin's SMTP listener page: its endpoint and domains, a relay account made in the browser and used by swaks to
/// hand a mail in, the wrong password that swaks is refused for showing in the last refusals, and the account revoked.
/// </summary>
public sealed class SmtpAdminTests(SmtpAdminTests.Host host, Browser browser) : IClassFixture<SmtpAdminTests.Host>, IClassFixture<Browser>
{
    /// <summary>The console's host, its listener taking AUTH without TLS (it offers none on loopback) and mail for relay.test.</summary>
    public sealed class Host : ConsoleHost
    {
        public Host()
        {
            Settings["MailHub:Smtp:Endpoints:0:AllowInsecureAuth"] = "true";
            Settings["MailHub:Smtp:AcceptDomains:0"] = "relay.test";
        }
    }

    [Fact]
    public Task A_relay_account_made_in_the_browser_relays_with_swaks_a_wrong_password_shows_in_the_refusals_and_revoking_ends_it() =>
        browser.RunAsync(nameof(A_relay_account_made_in_the_browser_relays_with_swaks_a_wrong_password_shows_in_the_refusals_and_revoking_ends_it), async pages =>
    {
        var page = await pages.OpenAsync();
        await page.SignInAsync(host, MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Admin" }).ClickAsync();
        await page.GetByRole(AriaRole.Menu, new() { Name = "Admin sections" }).GetByRole(AriaRole.Menuitem, new() { Name = "SMTP listener" }).ClickAsync();

        // The endpoint as bound, and the domain it accepts mail for.
        var smtp = await host.SmtpEndpointAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "SMTP listener" })).ToBeVisibleAsync();
        await Expect(page.GetByText(smtp.ToString(), new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Configured (MailHub:Smtp:AcceptDomains)")).ToContainTextAsync("relay.test");

        // A new relay account without a password: MailHub makes one and shows it once.
        await page.GetByRole(AriaRole.Button, new() { Name = "New relay account" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "New relay account" });
        await dialog.GetByLabel("User name").FillAsync("billing-relay");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        var made = page.GetByRole(AriaRole.Dialog, new() { Name = "Relay account billing-relay created" });
        var password = (await made.GetByLabel("Password of billing-relay").TextContentAsync())!.Trim();
        Assert.Equal(24, password.Length);
        await made.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Expect(made).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Revoke billing-relay" })).ToBeVisibleAsync();
        await Expect(page.GetByText(password)).ToHaveCountAsync(0);

        // swaks logs in with it and relays a mail into MailHub.
        var (exit, output) = await Swaks(smtp, "billing-relay", password, "Invoice run 2024-11");
        Assert.True(exit == 0, output);
        using var admin = await host.CreateClientAsync();
        var received = await admin.GetFromJsonAsync<JsonElement>("/api/inbound/messages?subject=" + Uri.EscapeDataString("Invoice run 2024-11"));
        Assert.Equal(1, received.GetProperty("total").GetInt64());

        // A wrong password is refused, and the page says why.
        (exit, output) = await Swaks(smtp, "billing-relay", "not-the-password", "Invoice run, wrong password");
        Assert.NotEqual(0, exit);
        Assert.Contains("535 ", output, StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Button, new() { Name = "Refresh" }).ClickAsync();
        var refusal = page.Locator("tr", new() { HasText = "535 5.7.8" });
        await Expect(refusal).ToContainTextAsync("Wrong user name or password");
        await Expect(refusal).ToContainTextAsync("Login (AUTH)");
        await Expect(refusal).ToContainTextAsync("billing-relay");
        await Expect(refusal).ToContainTextAsync("127.0.0.1");

        // Revoked: its next login fails.
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke billing-relay" }).ClickAsync();
        await page.Locator(".ant-popconfirm").GetByRole(AriaRole.Button, new() { Name = "Revoke", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Revoke billing-relay" })).ToHaveCountAsync(0);
        (exit, output) = await Swaks(smtp, "billing-relay", password, "Invoice run, revoked");
        Assert.NotEqual(0, exit);
        Assert.Contains("535 ", output, StringComparison.Ordinal);
    });

    private static Task<(int ExitCode, string Output)> Swaks(System.Net.IPEndPoint smtp, string user, string password, string subject) =>
        ExternalTool.RunAsync("swaks",
            "--server", smtp.ToString(), "--from", "billing@erp.example", "--to", "accounts@relay.test",
            "--auth", "PLAIN", "--auth-user", user, "--auth-password", password, "--header", "Subject: " + subject);
}
