using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Testing;
using Npgsql;
using static Microsoft.Playwright.Assertions;

namespace MailHub.Console.Tests;

/// <summary>The console host with the product's 10-second undo window (the other console tests send at once).</summary>
public sealed class ComposerHost : ConsoleHost
{
    public ComposerHost() => Settings["MailHub:Conversations:UndoWindow"] = "00:00:10";
}

/// <summary>The composer in the browser: a reply that keeps the thread, undo send, the draft kept across a reload, Ctrl+Enter.</summary>
public sealed class ComposerTests(ComposerHost host, Browser browser) : IClassFixture<ComposerHost>, IClassFixture<Browser>
{
    [Fact]
    public Task A_reply_sent_from_the_composer_reaches_the_customer_after_the_undo_window_with_its_thread_headers() =>
        browser.RunAsync(nameof(A_reply_sent_from_the_composer_reaches_the_customer_after_the_undo_window_with_its_thread_headers), async pages =>
        {
            var (id, customerMessageId, subject, _) = await ConversationAsync("订单 R1 没有收到");
            var page = await OpenComposerAsync(pages, id);

            await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Reply", Exact = true })).ToHaveAttributeAsync("aria-selected", "true");
            await page.GetByRole(AriaRole.Textbox, new() { Name = "Message" }).FillAsync("您好，包裹今天发出。");
            await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Undo" })).ToBeVisibleAsync();

            using var admin = await host.CreateClientAsync();
            var item = await admin.GetFromJsonAsync<JsonElement>(
                $"/api/sandbox/messages/wait?to={CustomerMails.Customer}&subject={Uri.EscapeDataString(subject)}&timeout=30");
            var captured = await admin.GetFromJsonAsync<JsonElement>($"/api/sandbox/messages/{item.GetProperty("id").GetGuid()}");
            Assert.Equal([customerMessageId], captured.GetProperty("inReplyTo").EnumerateArray().Select(r => r.GetString()));
            Assert.Contains(customerMessageId, captured.GetProperty("references").EnumerateArray().Select(r => r.GetString()));
            Assert.Contains("包裹今天发出", captured.GetProperty("text").GetString(), StringComparison.Ordinal);
            Assert.Contains("包裹今天发出", captured.GetProperty("html").GetString() ?? "", StringComparison.Ordinal); // the rich text, beside its plain text
        });

    [Fact]
    public Task Ctrl_Enter_sends_and_Undo_within_ten_seconds_sends_nothing_and_gives_the_reply_back() =>
        browser.RunAsync(nameof(Ctrl_Enter_sends_and_Undo_within_ten_seconds_sends_nothing_and_gives_the_reply_back), async pages =>
        {
            var (id, _, _, _) = await ConversationAsync("退款 U2");
            var page = await OpenComposerAsync(pages, id);

            var editor = page.GetByRole(AriaRole.Textbox, new() { Name = "Message" });
            await editor.FillAsync("退款已经处理。");
            await editor.PressAsync("Control+Enter");
            await page.GetByRole(AriaRole.Button, new() { Name = "Undo" }).ClickAsync();

            await Expect(editor).ToContainTextAsync("退款已经处理。");
            var states = await OutboxStatesAsync(id);
            Assert.Equal(["withdrawn"], states); // never sent, whenever its time would have come
            using var admin = await host.CreateClientAsync();
            var conversation = await admin.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}");
            Assert.DoesNotContain(conversation.GetProperty("messages").EnumerateArray(), m => m.GetProperty("direction").GetString() == "outbound");
        });

    [Fact]
    public Task A_draft_is_saved_as_the_agent_types_and_is_back_after_a_reload() =>
        browser.RunAsync(nameof(A_draft_is_saved_as_the_agent_types_and_is_back_after_a_reload), async pages =>
        {
            var (id, _, _, _) = await ConversationAsync("发票 D3");
            var page = await OpenComposerAsync(pages, id);

            await page.GetByRole(AriaRole.Textbox, new() { Name = "Message" }).FillAsync("发票明天寄出，请注意查收。");
            await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Draft saved" })).ToBeVisibleAsync();
            await page.ReloadAsync();
            await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Message" })).ToHaveAttributeAsync("aria-busy", "false");

            await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Message" })).ToContainTextAsync("发票明天寄出，请注意查收。");
        });

    [Fact]
    public Task A_canned_reply_chosen_with_a_slash_is_filled_in_for_the_conversation() =>
        browser.RunAsync(nameof(A_canned_reply_chosen_with_a_slash_is_filled_in_for_the_conversation), async pages =>
        {
            using (var admin = await host.CreateClientAsync())
            {
                (await admin.PostAsJsonAsync("/api/conversations/templates",
                    new { name = "Shipped today", text = "Dear {{customer.name}}, order #{{conversation.number}} ships today. {{agent.name}}" }))
                    .EnsureSuccessStatusCode();
            }
            var (id, _, _, _) = await ConversationAsync("模板 T4");
            var page = await OpenComposerAsync(pages, id);

            var editor = page.GetByRole(AriaRole.Textbox, new() { Name = "Message" });
            await editor.ClickAsync();
            await editor.PressSequentiallyAsync("/ship");
            await Expect(page.GetByRole(AriaRole.Listbox, new() { Name = "Canned replies" }).GetByRole(AriaRole.Option)).ToContainTextAsync("Shipped today");
            await editor.PressAsync("Enter");

            await Expect(editor).ToContainTextAsync("Dear 张三, order #");
            await Expect(editor).ToContainTextAsync("ships today. Administrator");
            await Expect(editor).Not.ToContainTextAsync("/ship");
        });

    [Fact]
    public Task A_reply_shows_queued_then_sent_and_failed_with_the_reason_when_the_customers_server_bounces_it() =>
        browser.RunAsync(nameof(A_reply_shows_queued_then_sent_and_failed_with_the_reason_when_the_customers_server_bounces_it), async pages =>
        {
            var (id, _, subject, mailbox) = await ConversationAsync("地址错误 B5");
            var page = await OpenComposerAsync(pages, id);

            await page.GetByRole(AriaRole.Textbox, new() { Name = "Message" }).FillAsync("已为您补发。");
            await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
            var reply = page.GetByRole(AriaRole.Article, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Reply:") }); // its text is in its mail frame
            await Expect(reply.GetByRole(AriaRole.Status, new() { Name = "Delivery: Queued" })).ToBeVisibleAsync(); // within the undo window
            await Expect(reply.GetByRole(AriaRole.Status, new() { Name = "Delivery: Sent" })).ToBeVisibleAsync(new() { Timeout = 30_000 });

            using var admin = await host.CreateClientAsync();
            var item = await admin.GetFromJsonAsync<JsonElement>(
                $"/api/sandbox/messages/wait?to={CustomerMails.Customer}&subject={Uri.EscapeDataString(subject)}&timeout=30");
            var sentId = item.GetProperty("messageId").GetString()!.Trim('<', '>');
            // The customer's server answers a moment later with a delivery status notification (RFC 3464), null sender.
            await CustomerSmtp.SendAsync(await host.SmtpEndpointAsync(), "", mailbox, CustomerMails.Bounce(mailbox, sentId));

            await Expect(reply.GetByRole(AriaRole.Status, new() { Name = "Delivery: Failed" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await Expect(reply.GetByRole(AriaRole.Note)).ToContainTextAsync("5.1.1");
        });

    [Fact]
    public Task Chinese_from_an_input_method_is_sent_as_chosen_and_Ctrl_Enter_while_composing_sends_nothing() =>
        browser.RunAsync(nameof(Chinese_from_an_input_method_is_sent_as_chosen_and_Ctrl_Enter_while_composing_sends_nothing), async pages =>
        {
            var (id, _, subject, _) = await ConversationAsync("输入法 I6");
            var page = await OpenComposerAsync(pages, id);
            var editor = page.GetByRole(AriaRole.Textbox, new() { Name = "Message" });
            await editor.ClickAsync();

            // What Chrome does with a pinyin input method: a composition with the letters typed so far, keys during it
            // reaching the page as keyCode 229, and the chosen characters committed as text.
            var ime = await page.Context.NewCDPSessionAsync(page);
            await ime.SendAsync("Input.imeSetComposition", new() { ["text"] = "ni", ["selectionStart"] = 2, ["selectionEnd"] = 2 });
            await ime.SendAsync("Input.imeSetComposition", new() { ["text"] = "nihao", ["selectionStart"] = 5, ["selectionEnd"] = 5 });
            await ime.SendAsync("Input.dispatchKeyEvent", new()
            {
                ["type"] = "rawKeyDown", ["key"] = "Enter", ["code"] = "Enter", ["windowsVirtualKeyCode"] = 229, ["modifiers"] = 2, // Ctrl
            });
            await ime.SendAsync("Input.insertText", new() { ["text"] = "你好" });
            await Expect(editor).ToContainTextAsync("你好");
            await Expect(editor).Not.ToContainTextAsync("nihao");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Undo" })).ToHaveCountAsync(0);

            await editor.PressSequentiallyAsync("，请问有什么可以帮您？");
            await editor.PressAsync("Control+Enter");
            using var admin = await host.CreateClientAsync();
            var item = await admin.GetFromJsonAsync<JsonElement>(
                $"/api/sandbox/messages/wait?to={CustomerMails.Customer}&subject={Uri.EscapeDataString(subject)}&timeout=30");
            var captured = await admin.GetFromJsonAsync<JsonElement>($"/api/sandbox/messages/{item.GetProperty("id").GetGuid()}");
            Assert.Contains("你好，请问有什么可以帮您？", captured.GetProperty("text").GetString(), StringComparison.Ordinal);
            Assert.DoesNotContain("nihao", captured.GetProperty("text").GetString(), StringComparison.Ordinal);
            Assert.Single(await OutboxStatesAsync(id)); // one reply: the Ctrl+Enter that picked a candidate sent nothing
        });

    [Fact]
    public Task Reply_all_lists_the_others_in_Cc_and_a_removed_one_is_not_copied() =>
        browser.RunAsync(nameof(Reply_all_lists_the_others_in_Cc_and_a_removed_one_is_not_copied), async pages =>
        {
            var (id, _, subject, _) = await ConversationAsync("发票 RA1", "Cc: =?UTF-8?B?5p2O5Zub?= <lisi@example.com>, wangwu@example.com");
            var page = await OpenComposerAsync(pages, id);
            var cc = page.GetByRole(AriaRole.Combobox, new() { Name = "Cc", Exact = true }).Locator("xpath=ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' ant-select ')][1]");

            await page.GetByRole(AriaRole.Tab, new() { Name = "Reply all", Exact = true }).ClickAsync();
            await Expect(cc.Locator(".ant-select-selection-item")).ToHaveCountAsync(2);
            await Expect(cc).ToContainTextAsync("lisi@example.com");
            await Expect(cc).ToContainTextAsync("wangwu@example.com");
            // Back to Reply: the copies go; Reply all again: they are back.
            await page.GetByRole(AriaRole.Tab, new() { Name = "Reply", Exact = true }).ClickAsync();
            await Expect(cc.Locator(".ant-select-selection-item")).ToHaveCountAsync(0);
            await page.GetByRole(AriaRole.Tab, new() { Name = "Reply all", Exact = true }).ClickAsync();
            await cc.Locator(".ant-select-selection-item[title='wangwu@example.com'] .ant-select-selection-item-remove").ClickAsync();
            await Expect(cc.Locator(".ant-select-selection-item")).ToHaveCountAsync(1);

            await page.GetByRole(AriaRole.Textbox, new() { Name = "Message" }).FillAsync("两位好，发票已开。");
            await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
            using var admin = await host.CreateClientAsync();
            var item = await admin.GetFromJsonAsync<JsonElement>(
                $"/api/sandbox/messages/wait?to={CustomerMails.Customer}&subject={Uri.EscapeDataString(subject)}&timeout=30");
            var captured = await admin.GetFromJsonAsync<JsonElement>($"/api/sandbox/messages/{item.GetProperty("id").GetGuid()}");
            Assert.Equal(["lisi@example.com"], captured.GetProperty("cc").EnumerateArray().Select(a => a.GetProperty("address").GetString()));
            Assert.Equal([CustomerMails.Customer], captured.GetProperty("to").EnumerateArray().Select(a => a.GetProperty("address").GetString()));
        });

    /// <summary>A customer's mail to a new sandbox mailbox, and its conversation: its id, the mail's Message-ID, the subject and the mailbox's address.</summary>
    private async Task<(Guid Id, string MessageId, string Subject, string Mailbox)> ConversationAsync(string subject, string? extraHeader = null)
    {
        subject = $"{subject} {Guid.NewGuid().ToString("N")[..6]}";
        var (_, address) = await host.CreateSandboxMailboxAsync("Composer " + subject, "客服中心");
        var messageId = CustomerMails.NewMessageId();
        await CustomerSmtp.SendAsync(await host.SmtpEndpointAsync(), CustomerMails.Customer, address,
            CustomerMails.FromCustomer(address, messageId, subject, "你好，请帮忙查一下。", extraHeader: extraHeader));
        using var admin = await host.CreateClientAsync();
        var id = await Eventually.GetAsync<Guid?>(async () =>
        {
            var list = await admin.GetFromJsonAsync<JsonElement>("/api/conversations?limit=200");
            return list.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("subject").GetString() == subject)
                .Select(i => (Guid?)i.GetProperty("id").GetGuid()).FirstOrDefault();
        }, $"the conversation {subject}", TimeSpan.FromSeconds(20));
        return (id!.Value, messageId, subject, address);
    }

    private async Task<IPage> OpenComposerAsync(Pages pages, Guid conversationId)
    {
        var page = await pages.OpenAsync();
        await page.SignInAsync(host, MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);
        await page.GotoAsync($"{host.Url}/conversations/{conversationId}");
        // The editor takes typing once the agent's draft (or the signatures) are in.
        await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Message" })).ToHaveAttributeAsync("aria-busy", "false");
        return page;
    }

    private async Task<List<string>> OutboxStatesAsync(Guid conversationId)
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT state FROM channels.outbox WHERE correlation_id IN (SELECT id::text FROM conversations.messages WHERE conversation_id = $1)", connection);
        command.Parameters.Add(new() { Value = conversationId });
        var states = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            states.Add(reader.GetString(0));
        return states;
    }
}
