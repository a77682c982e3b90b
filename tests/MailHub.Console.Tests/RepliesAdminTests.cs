using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Testing;
using static Microsoft.Playwright.Assertions;

namespace MailHub.Console.Tests;

/// <summary>
/// Issue #17's canned replies and signatures in the browser: a team reply written with variables previews filled in
/// before it is saved, and an admin sets an agent's signature.
/// </summary>
public sealed class RepliesAdminTests(ConsoleHost host, Browser browser) : IClassFixture<ConsoleHost>, IClassFixture<Browser>
{
    [Fact]
    public Task A_team_reply_written_with_variables_previews_them_filled_in() =>
        browser.RunAsync(nameof(A_team_reply_written_with_variables_previews_them_filled_in), async pages =>
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var team = await host.CreateTeamAsync("After-sales " + suffix);
        var page = await pages.OpenAsync();
        await page.SignInAsync(host, MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);
        await page.GotoAsync(host.Url + "/admin/replies");

        await page.GetByRole(AriaRole.Button, new() { Name = "New canned reply" }).ClickAsync();
        var drawer = page.GetByRole(AriaRole.Dialog, new() { Name = "New canned reply" });
        var name = "Refund received " + suffix;
        await drawer.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await drawer.GetByRole(AriaRole.Radio, new() { Name = "One team" }).CheckAsync();
        await drawer.GetByRole(AriaRole.Combobox, new() { Name = "Team", Exact = true }).ClickAsync();
        await page.Locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option").Filter(new() { HasText = "After-sales " + suffix }).First.ClickAsync();
        var text = drawer.GetByLabel("Text", new() { Exact = true });
        await text.FillAsync("Dear ");
        await drawer.GetByRole(AriaRole.Button, new() { Name = "Insert Customer's name" }).ClickAsync();
        await text.PressSequentiallyAsync(", your refund for #");
        await drawer.GetByRole(AriaRole.Button, new() { Name = "Insert Conversation number" }).ClickAsync();
        await text.PressSequentiallyAsync(" is on its way. ");
        await drawer.GetByRole(AriaRole.Button, new() { Name = "Insert Agent's name" }).ClickAsync();

        await Expect(text).ToHaveValueAsync("Dear {{customer.name}}, your refund for #{{conversation.number}} is on its way. {{agent.name}}");
        var preview = drawer.GetByRole(AriaRole.Region, new() { Name = "Preview" });
        await Expect(preview).ToContainTextAsync("Dear Jane Doe, your refund for #1024 is on its way. Administrator");

        await drawer.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        var row = page.GetByRole(AriaRole.Table, new() { Name = "Canned replies" }).GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        await Expect(row).ToContainTextAsync("Team After-sales " + suffix);
        using var admin = await host.CreateClientAsync();
        var saved = (await admin.GetFromJsonAsync<JsonElement>("/api/conversations/templates")).EnumerateArray()
            .Single(t => t.GetProperty("name").GetString() == name);
        Assert.Equal("team", saved.GetProperty("scope").GetString());
        Assert.Equal(team, saved.GetProperty("teamId").GetGuid());
    });

    [Fact]
    public Task An_admin_sets_an_agents_signature_with_its_preview() =>
        browser.RunAsync(nameof(An_admin_sets_an_agents_signature_with_its_preview), async pages =>
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var team = await host.CreateTeamAsync("Support " + suffix);
        var agentName = "Li Na " + suffix;
        var agent = await host.CreateMemberAsync("lina" + suffix, agentName, $"lina{suffix}@example.cn", "agent-password-1", team);
        var page = await pages.OpenAsync();
        await page.SignInAsync(host, MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);
        await page.GotoAsync(host.Url + "/admin/replies");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Signatures" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Edit signature of {agentName}" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = $"Signature of {agentName}" });
        await dialog.GetByLabel("Signature text").FillAsync($"{agentName}\nAfter-sales, 400-800-1234");
        await Expect(dialog.GetByRole(AriaRole.Region, new() { Name = "Preview" })).ToContainTextAsync("After-sales, 400-800-1234");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        var row = page.GetByRole(AriaRole.Table, new() { Name = "Agent signatures" }).GetByRole(AriaRole.Row).Filter(new() { HasText = agentName });
        await Expect(row).ToContainTextAsync("400-800-1234");
        using var admin = await host.CreateClientAsync();
        var signature = (await admin.GetFromJsonAsync<JsonElement>("/api/conversations/signatures")).EnumerateArray()
            .Single(s => s.GetProperty("ownerId").GetGuid() == agent);
        Assert.Equal($"{agentName}\nAfter-sales, 400-800-1234", signature.GetProperty("text").GetString());
    });
}
