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
}
