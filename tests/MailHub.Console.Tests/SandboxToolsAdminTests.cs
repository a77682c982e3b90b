using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MailHub.Testing;
using static Microsoft.Playwright.Assertions;

namespace MailHub.Console.Tests;

/// <summary>The console host with one release server in its allowlist: a small SMTP sink on loopback that takes every message.</summary>
public sealed class SandboxToolsHost : ConsoleHost
{
    private readonly TcpListener _sink = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    public SandboxToolsHost()
    {
        _sink.Start();
        Settings["MailHub:Sandbox:Release:Servers:0:Name"] = "sink";
        Settings["MailHub:Sandbox:Release:Servers:0:Host"] = "127.0.0.1";
        Settings["MailHub:Sandbox:Release:Servers:0:Port"] = ((IPEndPoint)_sink.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Settings["MailHub:Sandbox:Release:Servers:0:Security"] = "none";
        _ = Task.Run(AcceptAsync);
    }

    /// <summary>The DATA the sink took, one entry per message.</summary>
    public ConcurrentQueue<string> Released { get; } = new();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _sink.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    /// <summary>Just enough SMTP (RFC 5321) for a client that sends one message: 250 to everything, the DATA kept.</summary>
    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.Latin1);
                var writer = new StreamWriter(stream, Encoding.Latin1) { NewLine = "\r\n", AutoFlush = true };
                await writer.WriteLineAsync("220 sink.test ESMTP");
                while (await reader.ReadLineAsync() is { } line)
                {
                    var verb = line.Split(' ')[0].ToUpperInvariant();
                    if (verb is "EHLO" or "HELO")
                        await writer.WriteLineAsync("250 sink.test");
                    else if (verb == "DATA")
                    {
                        await writer.WriteLineAsync("354 go on");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync() is { } body && body != ".")
                            data.Append(body).Append("\r\n");
                        Released.Enqueue(data.ToString());
                        await writer.WriteLineAsync("250 2.0.0 queued by the sink");
                    }
                    else if (verb == "QUIT")
                    {
                        await writer.WriteLineAsync("221 bye");
                        return;
                    }
                    else
                        await writer.WriteLineAsync("250 2.1.0 ok");
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
            {
                // The client (or the fixture) went away.
            }
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _sink.Stop();
        _stop.Dispose();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// The QA sandbox's tools in the console: tags (plus-address, by hand, filter), read/unread, the search help and release on the
/// Captured mail tab (English); retention and ephemeral mailboxes (Chinese).
/// </summary>
public sealed class SandboxToolsAdminTests(SandboxToolsHost host, Browser browser) : IClassFixture<SandboxToolsHost>, IClassFixture<Browser>
{
    /// <summary>A sandbox mailbox whose test mail to <paramref name="to"/> is captured; the capture's id.</summary>
    private async Task<(string Mailbox, string Capture)> CaptureAsync(HttpClient admin, string name, string to)
    {
        var (mailbox, _) = await host.CreateSandboxMailboxAsync(name, name);
        var sent = await admin.PostAsJsonAsync($"/api/channels/mailboxes/{mailbox}/test-send", new { to });
        Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
        var captured = await admin.GetFromJsonAsync<JsonElement>($"/api/sandbox/messages/wait?mailbox={mailbox}&timeout=30");
        return (mailbox.ToString(), captured.GetProperty("id").GetString()!);
    }

    [Fact]
    public Task Tags_read_state_search_help_and_release_work_on_captured_mail() =>
        browser.RunAsync(nameof(Tags_read_state_search_help_and_release_work_on_captured_mail), async pages =>
    {
        using var admin = await host.CreateClientAsync();
        var (_, tagged) = await CaptureAsync(admin, "Tools Tagged", "buyer+checkout@example.org");
        var (_, plain) = await CaptureAsync(admin, "Tools Plain", "plain.buyer@example.org");

        var page = await pages.OpenAsync();
        await page.SignInAsync(host, MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);
        await page.GotoAsync($"{host.Url}/admin/sandbox/messages");
        var list = page.GetByRole(AriaRole.List, new() { Name = "Captured messages" });
        var taggedItem = list.GetByRole(AriaRole.Link).Filter(new() { HasText = "buyer+checkout@example.org" });
        var plainItem = list.GetByRole(AriaRole.Link).Filter(new() { HasText = "plain.buyer@example.org" });
        // Both unread (bold, "Unread" for screen readers); the plus-address tag is shown on its message.
        await Expect(taggedItem).ToContainTextAsync("Unread");
        await Expect(taggedItem).ToContainTextAsync("checkout");
        await Expect(plainItem).ToContainTextAsync("Unread");
        await Expect(page.Locator("li.sandbox-item-unread")).ToHaveCountAsync(2);

        // Opening reads it; Mark unread puts it back in bold.
        await plainItem.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Mark unread" })).ToBeVisibleAsync();
        await Expect(plainItem).Not.ToContainTextAsync("Unread");
        await page.GetByRole(AriaRole.Button, new() { Name = "Mark unread" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Mark read" })).ToBeVisibleAsync();
        await Expect(plainItem).ToContainTextAsync("Unread");
        Assert.DoesNotContain(plain, (await admin.GetFromJsonAsync<JsonElement>("/api/sandbox/messages?q=is:read")).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("id").GetString()));

        // A tag by hand, shown on the message and in the list; the tag filters the list; its × removes it.
        var group = page.GetByRole(AriaRole.Group, new() { Name = "Tags" });
        await group.GetByRole(AriaRole.Textbox, new() { Name = "New tag" }).FillAsync("VIP");
        await group.GetByRole(AriaRole.Button, new() { Name = "Add tag" }).ClickAsync();
        await Expect(group.GetByRole(AriaRole.Button, new() { Name = "Show messages tagged vip" })).ToBeVisibleAsync();
        await Expect(plainItem).ToContainTextAsync("vip");
        Assert.Equal([plain], (await admin.GetFromJsonAsync<JsonElement>("/api/sandbox/messages?q=tag:vip")).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("id").GetString()));
        await group.GetByRole(AriaRole.Button, new() { Name = "Show messages tagged vip" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Searchbox, new() { Name = "Search captured mail" })).ToHaveValueAsync("tag:vip");
        await Expect(page).ToHaveURLAsync(new Regex("q=tag%3Avip"));
        await Expect(list.GetByRole(AriaRole.Link)).ToHaveCountAsync(1);
        await group.GetByRole(AriaRole.Button, new() { Name = "Remove tag vip" }).ClickAsync();
        await Expect(group.GetByRole(AriaRole.Button, new() { Name = "Show messages tagged vip" })).ToHaveCountAsync(0);
        await Expect(list.GetByRole(AriaRole.Link)).ToHaveCountAsync(0); // tag:vip matches nothing now
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonElement>("/api/sandbox/messages?q=tag:vip")).GetProperty("total").GetInt64());

        // The search box takes Mailpit's syntax, with a short help.
        await page.GetByRole(AriaRole.Button, new() { Name = "Search help" }).ClickAsync();
        var help = page.Locator(".ant-popover:not(.ant-popover-hidden)");
        await Expect(help).ToContainTextAsync("has:attachment");
        await Expect(help).ToContainTextAsync("tag:checkout");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search help" }).ClickAsync(); // closes it
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search captured mail" }).FillAsync("tag:checkout !to:plain.buyer");
        await Expect(list.GetByRole(AriaRole.Link)).ToHaveCountAsync(1);
        await Expect(list.GetByRole(AriaRole.Link)).ToContainTextAsync("buyer+checkout@example.org");

        // Release: through the allowlisted server (the only one, so already picked), to the captured recipient; its answer shown.
        await taggedItem.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Release", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Release this message" });
        await Expect(dialog.GetByRole(AriaRole.Combobox, new() { Name = "Release server" })).ToBeVisibleAsync();
        await Expect(dialog).ToContainTextAsync("sink (127.0.0.1:");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Release", Exact = true }).ClickAsync();
        var outcome = dialog.GetByRole(AriaRole.List, new() { Name = "What the server answered each recipient" });
        await Expect(outcome).ToContainTextAsync("accepted");
        await Expect(outcome).ToContainTextAsync("buyer+checkout@example.org: 250");
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(host.Released.Any(m => m.Contains("buyer+checkout@example.org", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(10)), "the sink got nothing");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Close" }).First.ClickAsync();
        Assert.Equal(tagged, page.Url.Split('/').Last().Split('?')[0]);
    });

    [Fact]
    public Task In_chinese_retention_is_set_and_an_ephemeral_mailbox_is_made_copied_listed_and_deleted() =>
        browser.RunAsync(nameof(In_chinese_retention_is_set_and_an_ephemeral_mailbox_is_made_copied_listed_and_deleted), async pages =>
    {
        using var admin = await host.CreateClientAsync();
        var (mailbox, _) = await host.CreateSandboxMailboxAsync("保留测试", "保留测试");
        var page = await pages.OpenAsync();
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = host.Url });
        await page.SignInAsync(host, MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);
        await page.EvaluateAsync("localStorage.setItem('mailhub.locale', 'zh-CN')");

        // Retention: a default and one mailbox's own maximum.
        await page.GotoAsync($"{host.Url}/admin/sandbox/retention");
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "保留策略" })).ToHaveAttributeAsync("aria-selected", "true");
        await page.GetByRole(AriaRole.Spinbutton, new() { Name = "默认：最多邮件数" }).FillAsync("100");
        await page.GetByRole(AriaRole.Spinbutton, new() { Name = "默认：最长保留小时数" }).FillAsync("48");
        await page.GetByRole(AriaRole.Spinbutton, new() { Name = "保留测试 的最多邮件数" }).FillAsync("5");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存保留策略" }).ClickAsync();
        await Expect(page.GetByText("保留策略已保存：MailHub 会在一分钟内执行。")).ToBeVisibleAsync();
        var policy = await admin.GetFromJsonAsync<JsonElement>("/api/sandbox/retention");
        Assert.Equal(100, policy.GetProperty("default").GetProperty("maxMessages").GetInt32());
        Assert.Equal(48, policy.GetProperty("default").GetProperty("maxAgeHours").GetDouble());
        var own = Assert.Single(policy.GetProperty("mailboxes").EnumerateArray());
        Assert.Equal((mailbox.ToString(), 5), (own.GetProperty("mailboxId").GetString(), own.GetProperty("maxMessages").GetInt32()));
        await page.ReloadAsync(); // what was saved is what the page reads back
        await Expect(page.GetByRole(AriaRole.Spinbutton, new() { Name = "保留测试 的最多邮件数" })).ToHaveValueAsync("5");

        // An ephemeral mailbox: made with a time to live, its address copied, listed with its expiry, deleted.
        await page.GetByRole(AriaRole.Tab, new() { Name = "临时邮箱" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/sandbox/mailboxes$"));
        await page.GetByRole(AriaRole.Spinbutton, new() { Name = "有效期（分钟）" }).FillAsync("30");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "名称" }).FillAsync("结账");
        await page.GetByRole(AriaRole.Button, new() { Name = "创建邮箱" }).ClickAsync();
        await Expect(page.GetByText("邮箱已就绪：")).ToBeVisibleAsync();
        var made = (await admin.GetFromJsonAsync<JsonElement>("/api/sandbox/mailboxes")).EnumerateArray().Single(m => m.GetProperty("name").GetString()!.StartsWith("结账", StringComparison.Ordinal));
        var address = made.GetProperty("address").GetString()!;
        Assert.InRange(made.GetProperty("expiresAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(25), DateTimeOffset.UtcNow.AddMinutes(31));
        var table = page.GetByRole(AriaRole.Table, new() { Name = "临时邮箱" });
        await Expect(table).ToContainTextAsync(address);
        await Expect(table).ToContainTextAsync("结账");

        await table.GetByRole(AriaRole.Button, new() { Name = $"复制 {address}" }).ClickAsync();
        await Expect(table.GetByRole(AriaRole.Button, new() { Name = "已复制" })).ToBeVisibleAsync();
        Assert.Equal(address, await page.EvaluateAsync<string>("navigator.clipboard.readText()"));

        await table.GetByRole(AriaRole.Button, new() { Name = $"删除 {address}" }).ClickAsync();
        await page.Locator(".ant-popconfirm").GetByRole(AriaRole.Button, new() { Name = "删除", Exact = true }).ClickAsync();
        await Expect(page.GetByText($"{address} 已删除。")).ToBeVisibleAsync();
        await Expect(table).Not.ToContainTextAsync(address);
        Assert.DoesNotContain((await admin.GetFromJsonAsync<JsonElement>("/api/sandbox/mailboxes")).EnumerateArray(), m => m.GetProperty("address").GetString() == address);
    });
}
