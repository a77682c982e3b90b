using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Channels.Contracts;
using MailHub.Channels.Tests.Mailboxes;
using MailHub.Channels.Tests.Support;
using MailHub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MailHub.Channels.Tests.Sandbox;

/// <summary>QA without providers: what a sandbox mailbox sends is captured, listed, waited for, and never leaves.</summary>
public sealed class SandboxTests(ChannelsHost host) : IClassFixture<ChannelsHost>
{
    [Fact]
    public async Task A_test_send_is_captured_and_wait_returns_it_and_a_reply_to_it_verifies_the_mailbox()
    {
        using var client = await host.CreateClientAsync();
        var mailbox = await MailboxApi.CreateAsync(client, new { name = "Verify Me", inbound = new { protocol = "sandbox" } });
        var id = mailbox.GetProperty("id").GetString()!;
        var address = mailbox.GetProperty("address").GetString()!;

        var waiting = client.GetAsync("/api/sandbox/messages/wait?to=verify-customer@example.org&timeout=20");
        var sent = await client.PostAsJsonAsync($"/api/channels/mailboxes/{id}/test-send", new { to = "verify-customer@example.org" });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var messageId = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetString()!;

        var response = await waiting;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var captured = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(messageId, captured.GetProperty("messageId").GetString());
        Assert.Equal(["verify-customer@example.org"], captured.GetProperty("rcptTo").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(address, captured.GetProperty("mailFrom").GetString());

        var capturedId = captured.GetProperty("id").GetString();
        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/sandbox/messages/{capturedId}");
        Assert.StartsWith("MailHub test message", detail.GetProperty("subject").GetString(), StringComparison.Ordinal);
        Assert.Contains("Reply to it", detail.GetProperty("text").GetString(), StringComparison.Ordinal);
        var raw = await client.GetStringAsync($"/api/sandbox/messages/{capturedId}/raw");
        Assert.Contains($"<{messageId}>", raw, StringComparison.Ordinal);

        // The customer replies: In-Reply-To names the test mail, and the mailbox is verified.
        await using (var probe = await SmtpProbe.ConnectAsync(host.Smtp))
        {
            var reply = await probe.SendAsync("verify-customer@example.org", address,
                $"From: verify-customer@example.org\r\nTo: {address}\r\nSubject: Re: test\r\nMessage-ID: <verify-reply@example.org>\r\nIn-Reply-To: <{messageId}>\r\n\r\nGot it\r\n");
            Assert.StartsWith("250 ", reply, StringComparison.Ordinal);
        }
        var deadline = DateTime.UtcNow.AddSeconds(15);
        JsonElement current;
        do
        {
            current = await MailboxApi.GetAsync(client, id);
            if (current.GetProperty("verifiedAt").ValueKind != JsonValueKind.Null)
                break;
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        Assert.NotEqual(JsonValueKind.Null, current.GetProperty("verifiedAt").ValueKind);
    }

    [Fact]
    public async Task Outbox_messages_of_a_sandbox_mailbox_are_captured_delivered_and_filterable()
    {
        using var client = await host.CreateClientAsync();
        var mailbox = await MailboxApi.CreateAsync(client, new { name = "Capture", inbound = new { protocol = "sandbox" } });
        var mailboxId = Guid.Parse(mailbox.GetProperty("id").GetString()!);
        var outbox = host.Services.GetRequiredService<IOutbox>();
        var content = "From: capture@sandbox.mailhub.test\r\nTo: buyer@example.org\r\nSubject: Your order 4711\r\nMessage-ID: <order-4711@sandbox.mailhub.test>\r\nIn-Reply-To: <question-4711@example.org>\r\n\r\nShipped.\r\n"u8.ToArray();
        var outboundId = await outbox.EnqueueAsync(new OutboundMessage(mailboxId, "<order-4711@sandbox.mailhub.test>", "capture@sandbox.mailhub.test",
            ["buyer@example.org"], content, "reply-1"));
        // Idempotent on (mailbox, Message-ID).
        Assert.Equal(outboundId, await outbox.EnqueueAsync(new OutboundMessage(mailboxId, "order-4711@sandbox.mailhub.test", "capture@sandbox.mailhub.test",
            ["buyer@example.org"], content, "reply-1")));

        var waited = await client.GetFromJsonAsync<JsonElement>("/api/sandbox/messages/wait?subject=order%204711&timeout=20");
        Assert.Equal("question-4711@example.org", waited.GetProperty("inReplyTo").GetString());
        var list = await client.GetFromJsonAsync<JsonElement>("/api/sandbox/messages?to=buyer@example.org");
        Assert.Equal(1, list.GetProperty("total").GetInt64());

        var events = await host.Services.GetRequiredService<Marten.IDocumentStore>().ReadStreamAsync(OutboundDelivered.StreamOf(outboundId));
        var delivered = Assert.IsType<OutboundDelivered>(Assert.Single(events).Data);
        Assert.Equal("reply-1", delivered.CorrelationId);
        Assert.Equal("order-4711@sandbox.mailhub.test", delivered.MessageId);
    }

    [Fact]
    public async Task Wait_answers_408_after_the_timeout_and_delete_empties_the_sandbox()
    {
        using var client = await host.CreateClientAsync();
        var watch = Stopwatch.StartNew();
        var response = await client.GetAsync("/api/sandbox/messages/wait?subject=never-sent-subject&timeout=1");
        Assert.Equal(HttpStatusCode.RequestTimeout, response.StatusCode);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));

        var deleted = await client.DeleteAsync("/api/sandbox/messages");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        var list = await client.GetFromJsonAsync<JsonElement>("/api/sandbox/messages");
        Assert.Equal(0, list.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task One_captured_message_is_deleted_alone_and_q_finds_by_sender_recipient_or_subject()
    {
        using var client = await host.CreateClientAsync();
        var mailbox = await MailboxApi.CreateAsync(client, new { name = "Search", inbound = new { protocol = "sandbox" } });
        var mailboxId = Guid.Parse(mailbox.GetProperty("id").GetString()!);
        var outbox = host.Services.GetRequiredService<IOutbox>();
        foreach (var (to, subject) in new[] { ("王芳@example.org", "发票 2024-001"), ("buyer-q@example.org", "Tracking number") })
        {
            var messageId = $"<{Guid.NewGuid():N}@sandbox.mailhub.test>";
            var content = System.Text.Encoding.UTF8.GetBytes(
                $"From: search@sandbox.mailhub.test\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: {messageId}\r\n\r\nHello.\r\n");
            await outbox.EnqueueAsync(new OutboundMessage(mailboxId, messageId, "search@sandbox.mailhub.test", [to], content, subject));
            await client.GetFromJsonAsync<JsonElement>($"/api/sandbox/messages/wait?subject={Uri.EscapeDataString(subject)}&timeout=20");
        }

        async Task<List<string?>> SubjectsAsync(string q) =>
            [.. (await client.GetFromJsonAsync<JsonElement>($"/api/sandbox/messages?mailbox={mailboxId}&q={Uri.EscapeDataString(q)}"))
                .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("subject").GetString())];
        Assert.Equal(["发票 2024-001"], await SubjectsAsync("发票"));
        Assert.Equal(["发票 2024-001"], await SubjectsAsync("王芳"));
        Assert.Equal(["Tracking number"], await SubjectsAsync("BUYER-Q"));
        Assert.Equal(2, (await SubjectsAsync("search@sandbox")).Count);

        var list = await client.GetFromJsonAsync<JsonElement>($"/api/sandbox/messages?mailbox={mailboxId}&q=tracking");
        var id = Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/sandbox/messages/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/sandbox/messages/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/sandbox/messages/{id}")).StatusCode);
        Assert.Equal(["发票 2024-001"], await SubjectsAsync(""));
    }
}
