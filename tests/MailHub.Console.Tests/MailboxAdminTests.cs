using System.Net.Http.Json;
using System.Text.RegularExpressions;
using MailHub.Mail.Clients;
using MailHub.Mail.Net;
using MailHub.Testing;
using MailKit;
using MailKit.Net.Smtp;
using MimeKit;
using static Microsoft.Playwright.Assertions;

namespace MailHub.Console.Tests;

/// <summary>
/// The console host for the mailbox pages: mail really leaves (no sandbox capture), so a test mail goes out through the
/// test Postfix and its reply comes back through Dovecot; a default relay is configured so its name shows.
/// </summary>
public sealed class MailboxConsoleHost : ConsoleHost
{
    public MailboxConsoleHost()
    {
        Settings["MailHub:Outbound:Capture"] = "false";
        Settings["MailHub:Outbound:DefaultRelay:DisplayName"] = "Example Relay";
        Settings["MailHub:Outbound:DefaultRelay:Host"] = "relay.example.net";
        Settings["MailHub:Outbound:DefaultRelay:Port"] = "587";
        Settings["MailHub:Outbound:DefaultRelay:Security"] = "starttls";
    }
}

/// <summary>
/// The admin's Mailboxes section against the test Dovecot and Postfix (tests/peers): the provider presets, the wizard with its
/// connection test step by step, a refused login with what to do, and the send/receive check reaching "verified".
/// </summary>
public sealed class MailboxAdminTests(MailboxConsoleHost host, Browser browser, MailServersFixture peers)
    : IClassFixture<MailboxConsoleHost>, IClassFixture<Browser>, IClassFixture<MailServersFixture>
{
    private static readonly PageAssertionsToHaveURLOptions Slow = new() { Timeout = 30_000 };

    [Fact]
    public Task The_QQ_preset_fills_its_servers_and_asks_for_the_authorization_code() => browser.RunAsync(nameof(The_QQ_preset_fills_its_servers_and_asks_for_the_authorization_code), async pages =>
    {
        var page = await pages.OpenAsync();
        await page.SignInAsync(host, MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);
        await page.GotoAsync(host.Url + "/admin/mailboxes");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add mailbox" }).ClickAsync();

        await ChooseAsync(page, "QQ Mail");
        var incoming = page.GetByRole(AriaRole.Group, new() { Name = "Incoming server" });
        var outgoing = page.GetByRole(AriaRole.Group, new() { Name = "Outgoing server (SMTP)" });
        await Expect(incoming.GetByLabel("IMAP server")).ToHaveValueAsync("imap.qq.com");
        await Expect(incoming.GetByLabel("IMAP port")).ToHaveValueAsync("993");
        await Expect(incoming.GetByTitle("SSL/TLS")).ToBeVisibleAsync();
        await Expect(outgoing.GetByLabel("SMTP server")).ToHaveValueAsync("smtp.qq.com");
        await Expect(outgoing.GetByLabel("SMTP port")).ToHaveValueAsync("465");
        await Expect(outgoing.GetByTitle("SSL/TLS")).ToBeVisibleAsync();

        // The servers are the admin's to change; POP3 takes the preset's POP3 server.
        await incoming.GetByLabel("IMAP port").FillAsync("1993");
        await Expect(incoming.GetByLabel("IMAP port")).ToHaveValueAsync("1993");
        await ChooseAsync(page, "POP3");
        await Expect(incoming.GetByLabel("POP3 server")).ToHaveValueAsync("pop.qq.com");
        await Expect(incoming.GetByLabel("POP3 port")).ToHaveValueAsync("995");

        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await Expect(page.GetByLabel("Authorization code")).ToBeVisibleAsync();
        await Expect(page.GetByText("Use the authorization code, not the QQ password")).ToBeVisibleAsync();
    });

    [Fact]
    public Task A_mailbox_is_added_through_the_wizard_its_connection_test_passing_step_by_step() => browser.RunAsync(nameof(A_mailbox_is_added_through_the_wizard_its_connection_test_passing_step_by_step), async pages =>
    {
        var page = await pages.OpenAsync();
        await page.SignInAsync(host, MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);
        await page.GotoAsync(host.Url + "/admin/mailboxes");
        await Expect(page.GetByText("Example Relay")).ToBeVisibleAsync(); // the platform's default sender, by its name
        await page.GetByRole(AriaRole.Button, new() { Name = "Add mailbox" }).ClickAsync();

        await ChooseAsync(page, "Other (any IMAP/POP3/SMTP server)");
        await FillServersAsync(page, "IMAP server", "IMAP port", "SMTP server", "SMTP port", "SMTP security", "STARTTLS",
            "Accept the server's own (self-signed) certificate", "Incoming server", "Outgoing server (SMTP)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();

        await page.GetByLabel("Name agents see").FillAsync("Alice desk");
        await page.GetByLabel("E-mail address").FillAsync("alice@test.local");
        await page.GetByLabel("User name").FillAsync("alice");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(MailServersFixture.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Test connection" }).ClickAsync();
        await Expect(page.GetByText("Every step worked")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var steps = page.GetByRole(AriaRole.List, new() { Name = "Test connection" }).GetByRole(AriaRole.Listitem);
        string[] expected = ["Resolve the server's name", "Connect", "Secure the connection (TLS)", "Log in", "Open the folder",
            "Resolve the SMTP server's name", "Connect to the SMTP server", "Secure the SMTP connection (TLS)", "SMTP login"];
        await Expect(steps).ToHaveCountAsync(expected.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            await Expect(steps.Nth(i)).ToContainTextAsync(expected[i]);
            await Expect(steps.Nth(i)).ToHaveAttributeAsync("data-ok", "true");
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();

        // The options: the server's own folders to pick from, INBOX ticked.
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "INBOX" })).ToBeCheckedAsync(new() { Timeout = 20_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        // Saved: the send/receive check opens; the list shows the mailbox connected, waiting with IMAP IDLE.
        await Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("Check sending and receiving: Alice desk");
        await page.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).First.ClickAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "alice@test.local" });
        await Expect(row).ToContainTextAsync("Idle", new() { Timeout = 30_000 });
        await Expect(row).ToContainTextAsync("IDLE (instant)", new() { Timeout = 30_000 });
        await Expect(row).ToContainTextAsync("Not verified");
    });

    [Fact]
    public Task A_wrong_password_shows_what_to_do_in_Chinese_and_the_list_offers_to_reconnect() => browser.RunAsync(nameof(A_wrong_password_shows_what_to_do_in_Chinese_and_the_list_offers_to_reconnect), async pages =>
    {
        var page = await pages.OpenAsync(locale: "zh-CN");
        await SignInInChineseAsync(page);
        await page.GotoAsync(host.Url + "/admin/mailboxes");
        await page.GetByRole(AriaRole.Button, new() { Name = "添加邮箱" }).ClickAsync();

        await FillServersAsync(page, "IMAP 服务器", "IMAP 端口", "SMTP 服务器", "SMTP 端口", "SMTP 加密方式", "STARTTLS",
            "接受服务器自有（自签名）证书", "收件服务器", "发件服务器（SMTP）");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^下一步$") }).ClickAsync();
        await page.GetByLabel("客服看到的名称").FillAsync("鲍勃客服");
        await page.GetByLabel("邮箱地址").FillAsync("bob@test.local");
        await page.GetByLabel("用户名").FillAsync("bob");
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^下一步$") }).ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "测试连接" }).ClickAsync();
        var login = page.Locator("li[data-step='login']");
        await Expect(login).ToHaveAttributeAsync("data-ok", "false", new() { Timeout = 30_000 });
        await Expect(login).ToContainTextAsync("登录");
        await Expect(login).ToContainTextAsync("授权码"); // what to do, in Chinese
        await Expect(login).ToContainTextAsync("refused the login"); // and what the server said
        await Expect(page.GetByText("有步骤失败")).ToBeVisibleAsync(new() { Timeout = 30_000 }); // after the SMTP login, refused slowly too

        // Saved anyway, the mailbox cannot log in: the list says so above everything, with "Reconnect".
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^下一步$") }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^保\\s?存$") }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^关\\s?闭$") }).First.ClickAsync();
        var banner = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "鲍勃客服 已停止接收邮件" });
        await Expect(banner).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(banner).ToContainTextAsync("授权码");
        await Expect(banner.GetByRole(AriaRole.Button, new() { Name = "重新连接 鲍勃客服" })).ToBeVisibleAsync();
    });

    [Fact]
    public Task The_send_test_mail_check_reaches_verified_when_the_reply_comes_back() => browser.RunAsync(nameof(The_send_test_mail_check_reaches_verified_when_the_reply_comes_back), async pages =>
    {
        await CreateMailboxAsync("Carol desk", "carol");
        var page = await pages.OpenAsync();
        await page.SignInAsync(host, MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);
        await page.GotoAsync(host.Url + "/admin/mailboxes");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send test mail from Carol desk" }).ClickAsync();

        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Send the test mail to").FillAsync("dave@test.local");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Send test mail", Exact = true }).ClickAsync();
        await Expect(dialog).ToContainTextAsync("Sent to dave@test.local");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "carol@test.local" });
        await Expect(row).ToContainTextAsync("Waiting for your reply");

        // Dave gets the test mail through Postfix and Dovecot, and answers it; the answer reaches Carol's INBOX the same way.
        var test = await Eventually.GetAsync(() => FindTestMailAsync("dave"), "the test mail in dave's INBOX", TimeSpan.FromSeconds(30));
        await ReplyAsync("dave", test, "carol@test.local");

        await Expect(dialog).ToContainTextAsync("The reply came back: Carol desk sends and receives.", new() { Timeout = 60_000 });
        await Expect(row).ToContainTextAsync("Verified");
    });

    private async Task FillServersAsync(IPage page, string imapHost, string imapPort, string smtpHost, string smtpPort, string smtpSecurity,
        string startTls, string acceptCertificate, string incomingGroup, string outgoingGroup)
    {
        var incoming = page.GetByRole(AriaRole.Group, new() { Name = incomingGroup });
        var outgoing = page.GetByRole(AriaRole.Group, new() { Name = outgoingGroup });
        await incoming.GetByLabel(imapHost).FillAsync("127.0.0.1");
        await incoming.GetByLabel(imapPort).FillAsync(peers.ImapsPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await incoming.GetByRole(AriaRole.Checkbox, new() { Name = acceptCertificate }).CheckAsync();
        await outgoing.GetByLabel(smtpHost).FillAsync("127.0.0.1");
        await outgoing.GetByLabel(smtpPort).FillAsync(peers.SubmissionPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // The security list opens on SSL/TLS; STARTTLS is the next one down.
        await outgoing.GetByRole(AriaRole.Combobox, new() { Name = smtpSecurity }).ClickAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("Enter");
        await Expect(outgoing.GetByTitle(startTls)).ToBeVisibleAsync();
        await outgoing.GetByRole(AriaRole.Checkbox, new() { Name = acceptCertificate }).CheckAsync();
    }

    /// <summary>Picks a radio button by its label, as a user clicks the text (Ant Design's button-styled radios hide the input).</summary>
    private static async Task ChooseAsync(IPage page, string label)
    {
        await page.GetByText(label, new() { Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = label, Exact = true })).ToBeCheckedAsync();
    }

    private async Task SignInInChineseAsync(IPage page)
    {
        await page.GotoAsync(host.Url + "/sign-in");
        await page.GetByLabel("邮箱").FillAsync(MailHubFactory.AdminEmail);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(MailHubFactory.AdminPassword);
        await page.GetByLabel("密码", new() { Exact = true }).PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("/conversations"), Slow);
    }

    /// <summary>A mailbox on the peers, made the way the wizard makes it (IMAP over SSL, SMTP submission with STARTTLS).</summary>
    private async Task CreateMailboxAsync(string name, string user)
    {
        using var admin = await host.CreateClientAsync();
        using var response = await admin.PostAsJsonAsync("/api/channels/mailboxes", new
        {
            name,
            address = $"{user}@test.local",
            inbound = new
            {
                protocol = "imap", host = "127.0.0.1", port = peers.ImapsPort, security = "ssl", username = user,
                password = MailServersFixture.Password, acceptInvalidCertificate = true,
            },
            outbound = new { host = "127.0.0.1", port = peers.SubmissionPort, security = "starttls", acceptInvalidCertificate = true },
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<MimeMessage?> FindTestMailAsync(string user)
    {
        using var imap = await ImapSession.OpenAsync(peers.Imaps, user, MailServersFixture.Password, oauth2: false);
        var inbox = await imap.OpenFolderAsync(peers.Imaps, "INBOX", FolderAccess.ReadOnly);
        for (var i = inbox.Count - 1; i >= 0; i--)
        {
            var message = await inbox.GetMessageAsync(i);
            if (message.Subject?.StartsWith("MailHub test message from", StringComparison.Ordinal) == true)
                return message;
        }
        return null;
    }

    private async Task ReplyAsync(string user, MimeMessage test, string to)
    {
        var reply = new MimeMessage
        {
            Subject = "Re: " + test.Subject,
            InReplyTo = test.MessageId,
            Body = new TextPart("plain") { Text = "It works.\n" },
        };
        reply.References.Add(test.MessageId!);
        reply.From.Add(MailboxAddress.Parse($"{user}@test.local"));
        reply.To.Add(MailboxAddress.Parse(to));
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(peers.Submission);
        await smtp.AuthenticateAsync(user, MailServersFixture.Password);
        await smtp.SendAsync(reply);
        await smtp.DisconnectAsync(true);
    }
}
