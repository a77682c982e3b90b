using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MailHub.Channels.Contracts;
using MailHub.Channels.Tests.Mailboxes;
using MailHub.Channels.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MailHub.Channels.Tests.Sandbox;

/// <summary>Mailpit's search syntax over captured mail (through the real outbox), with tags and read/unread.</summary>
public sealed class SandboxSearchTests(ChannelsHost host) : IClassFixture<ChannelsHost>
{
    [Fact]
    public async Task Mailpit_style_terms_tags_and_read_state_find_the_right_captures()
    {
        using var client = await host.CreateClientAsync();
        var mailbox = await MailboxApi.CreateAsync(client, new { name = "Search Syntax", inbound = new { protocol = "sandbox" } });
        var mailboxId = Guid.Parse(mailbox.GetProperty("id").GetString()!);
        var address = mailbox.GetProperty("address").GetString()!;
        var outbox = host.Services.GetRequiredService<IOutbox>();
        async Task<string> SendAsync(string to, string subject, string extraHeaders = "", bool attachment = false)
        {
            var messageId = $"{Guid.NewGuid():N}@sandbox.mailhub.test";
            var body = attachment
                ? "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n--b\r\n"
                  + "Content-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"invoice.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--b--\r\n"
                : "Content-Type: text/plain\r\n\r\nHello.\r\n";
            var content = Encoding.UTF8.GetBytes($"From: {address}\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: <{messageId}>\r\n{extraHeaders}MIME-Version: 1.0\r\n{body}");
            await outbox.EnqueueAsync(new OutboundMessage(mailboxId, $"<{messageId}>", address, [to], content, subject));
            await client.GetFromJsonAsync<JsonElement>($"/api/sandbox/messages/wait?subject={Uri.EscapeDataString(subject)}&timeout=20");
            return messageId;
        }

        var invoiceId = await SendAsync("wang.fang+billing@example.org", "Invoice 2024-001 发票", attachment: true);
        await SendAsync("buyer@example.org", "Order shipped", "X-Tags: Shipping, urgent\r\n");
        await SendAsync("buyer@example.org", "Order delayed");

        async Task<List<string?>> SubjectsAsync(string q)
        {
            var response = await client.GetAsync($"/api/sandbox/messages?mailbox={mailboxId}&q={Uri.EscapeDataString(q)}");
            var json = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(response.IsSuccessStatusCode, json.ToString());
            return [.. json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("subject").GetString()).Order()];
        }

        Assert.Equal(["Invoice 2024-001 发票"], await SubjectsAsync("has:attachment"));
        Assert.Equal(["Order delayed", "Order shipped"], await SubjectsAsync("!has:attachment"));
        Assert.Equal(["Invoice 2024-001 发票"], await SubjectsAsync("tag:billing"));            // plus-addressing
        Assert.Equal(["Order shipped"], await SubjectsAsync("tag:shipping tag:URGENT"));        // X-Tags, lowercase
        Assert.Equal(["Order delayed", "Order shipped"], await SubjectsAsync("to:buyer@example.org"));
        Assert.Equal(["Order shipped"], await SubjectsAsync("to:buyer@example.org !subject:delayed"));
        Assert.Equal(["Order delayed"], await SubjectsAsync("subject:\"order delayed\""));
        Assert.Equal(["Invoice 2024-001 发票"], await SubjectsAsync($"message-id:<{invoiceId}>"));
        Assert.Equal(["Invoice 2024-001 发票"], await SubjectsAsync("发票"));
        Assert.Equal(3, (await SubjectsAsync($"from:{address} after:2000-01-01")).Count);
        Assert.Empty(await SubjectsAsync("before:2000-01-01"));
        Assert.Equal(3, (await SubjectsAsync("is:unread")).Count);

        // Opening a message reads it; PATCH marks read or unread and sets the tags by hand.
        var list = await client.GetFromJsonAsync<JsonElement>($"/api/sandbox/messages?mailbox={mailboxId}&q=tag:billing");
        var id = list.GetProperty("items")[0].GetProperty("id").GetString();
        Assert.False(list.GetProperty("items")[0].GetProperty("read").GetBoolean());
        Assert.True(list.GetProperty("items")[0].GetProperty("hasAttachments").GetBoolean());
        await client.GetFromJsonAsync<JsonElement>($"/api/sandbox/messages/{id}");
        Assert.Equal(["Invoice 2024-001 发票"], await SubjectsAsync("is:read"));
        Assert.Equal(2, (await SubjectsAsync("is:unread")).Count);

        var patched = await client.PatchAsJsonAsync($"/api/sandbox/messages/{id}", new { read = false, tags = new[] { "Finance", "q4" } });
        Assert.Equal(HttpStatusCode.NoContent, patched.StatusCode);
        Assert.Equal(3, (await SubjectsAsync("is:unread")).Count);
        Assert.Equal(["Invoice 2024-001 发票"], await SubjectsAsync("tag:finance"));
        Assert.Empty(await SubjectsAsync("tag:billing"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.PatchAsJsonAsync($"/api/sandbox/messages/{Guid.NewGuid()}", new { read = true })).StatusCode);

        // A term that cannot be read is a 400 that says how to write it.
        var bad = await client.GetAsync("/api/sandbox/messages?q=" + Uri.EscapeDataString("before:yesterday"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("before:2026-12-07", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mail_received_by_sandbox_mailboxes_is_searched_with_the_same_syntax_and_real_mailboxes_mail_is_not_listed()
    {
        using var client = await host.CreateClientAsync();
        var mailbox = await MailboxApi.CreateAsync(client, new { name = "Received Search", inbound = new { protocol = "sandbox" } });
        var address = mailbox.GetProperty("address").GetString()!;
        foreach (var (from, to, subject) in new[]
        {
            ("li.na@example.cn", address, "Refund request 退款"),
            ("bob@example.org", address, "Where is my parcel"),
            ("bob@example.org", "sales@example.com", "Where is my parcel (real mailbox)"),
        })
        {
            await using var probe = await SmtpProbe.ConnectAsync(host.Smtp);
            var reply = await probe.SendAsync(from, to, $"From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: <{Guid.NewGuid():N}@example.org>\r\n\r\nHello\r\n");
            Assert.StartsWith("250 ", reply, StringComparison.Ordinal);
        }

        async Task<List<string?>> SubjectsAsync(string q)
        {
            var response = await client.GetAsync("/api/sandbox/received?q=" + Uri.EscapeDataString(q));
            var json = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(response.IsSuccessStatusCode, json.ToString());
            return [.. json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("subject").GetString()).Order()];
        }

        Assert.Equal(["Refund request 退款", "Where is my parcel"], await SubjectsAsync($"to:{address}"));
        Assert.Equal(["Where is my parcel"], await SubjectsAsync("from:bob@example.org")); // the real mailbox's copy is not the sandbox's
        Assert.Equal(["Refund request 退款"], await SubjectsAsync("退款 !from:bob after:2000-01-01"));
        var refused = await client.GetAsync("/api/sandbox/received?q=tag:x");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("captured mail only", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
