using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MailHub.Mail.Mime;

namespace MailHub.Conversations.Tests;

public sealed class ConversationFlowTests(ConversationsHost host) : IClassFixture<ConversationsHost>
{
    [Fact]
    public async Task A_chinese_mail_with_an_attachment_opens_a_conversation_that_lists_searches_and_downloads()
    {
        var client = await host.CreateClientAsync();
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4 invoice");
        await host.DeliverAsync(await Mails.FromCustomerAsync("订单问题 A1", "你好，我的订单还没有发货，请帮忙查询。", attachment: ("发票.pdf", pdf)));

        var conversation = await ConversationsHost.ConversationWithAsync(client,
            m => m.GetProperty("subject").GetString() == "订单问题 A1", "the Chinese mail's conversation");

        Assert.Equal("open", conversation.GetProperty("status").GetString());
        Assert.Equal("customer@example.com", conversation.GetProperty("customer").GetProperty("email").GetString());
        var message = conversation.GetProperty("messages")[0];
        Assert.Equal("inbound", message.GetProperty("direction").GetString());
        Assert.Contains("还没有发货", message.GetProperty("text").GetString(), StringComparison.Ordinal);
        var attachment = message.GetProperty("attachments")[0];
        Assert.Equal("发票.pdf", attachment.GetProperty("fileName").GetString());

        var download = await client.GetAsync(attachment.GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("发票.pdf", download.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());

        var found = await client.GetFromJsonAsync<JsonElement>("/api/conversations?q=" + Uri.EscapeDataString("没有发货"));
        Assert.Contains(found.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == conversation.GetProperty("id").GetGuid());
        var none = await client.GetFromJsonAsync<JsonElement>("/api/conversations?q=" + Uri.EscapeDataString("不存在的词语"));
        Assert.Empty(none.GetProperty("items").EnumerateArray());

        var raw = await client.GetAsync($"/api/messages/{message.GetProperty("id").GetGuid()}/raw");
        Assert.Equal("message/rfc822", raw.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_reply_keeps_the_thread_and_the_customers_answer_joins_it_close_reopen_auto_reply_and_bounce()
    {
        var client = await host.CreateClientAsync();
        await host.DeliverAsync(await Mails.FromCustomerAsync("Where is my parcel B2", "It has been a week."));
        var conversation = await ConversationsHost.ConversationWithAsync(client,
            m => m.GetProperty("subject").GetString() == "Where is my parcel B2", "the parcel conversation");
        var id = conversation.GetProperty("id").GetGuid();
        var number = conversation.GetProperty("number").GetInt64();
        var customerMessageId = conversation.GetProperty("messages")[0].GetProperty("messageId").GetString()!;

        var reply = await client.PostAsJsonAsync($"/api/conversations/{id}/replies", new { text = "It ships today.", quoteOriginal = true });
        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
        var replyId = (await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Assert.NotNull(replyId);
        var (recipients, written) = await ConversationsHost.CapturedAsync(client, "Where is my parcel B2");
        string sentMessageId;
        using (written)
        {
            var sent = MessageReading.Of(written);
            Assert.Equal("support@shop.example", sent.From[0].Address);
            Assert.Equal("Shop Support", sent.From[0].Name);
            Assert.Equal("customer@example.com", sent.To[0].Address);
            Assert.Equal($"Re: Where is my parcel B2 [#{number}]", sent.Subject);
            Assert.Equal([customerMessageId], sent.InReplyTo);
            Assert.Contains(customerMessageId, sent.References);
            Assert.StartsWith($"c.{id:N}.", sent.MessageId, StringComparison.Ordinal);
            Assert.Contains("> It has been a week.", sent.Text, StringComparison.Ordinal);
            sentMessageId = sent.MessageId!;
        }
        Assert.Equal(["customer@example.com"], recipients);

        // The customer answers: In-Reply-To names our reply.
        await host.DeliverAsync(await Mails.FromCustomerAsync("Re: Where is my parcel B2", "Thanks!", inReplyTo: sentMessageId));
        conversation = await ConversationsHost.ConversationWithAsync(client, m => m.GetProperty("text").GetString()?.Trim() == "Thanks!", "the answer");
        Assert.Equal(id, conversation.GetProperty("id").GetGuid());

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/conversations/{id}/close", null)).StatusCode);
        var closed = await client.GetFromJsonAsync<JsonElement>("/api/conversations?status=closed&limit=200");
        Assert.Contains(closed.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == id);

        // An auto-reply joins, marked automatic, and leaves it closed.
        await host.DeliverAsync(await Mails.FromCustomerAsync("Automatic reply: Re: Where is my parcel B2", "I am on holiday.",
            inReplyTo: sentMessageId, headers: ("Auto-Submitted", "auto-replied")));
        conversation = await ConversationsHost.ConversationWithAsync(client, m => m.GetProperty("text").GetString()?.Trim() == "I am on holiday.", "the auto-reply");
        Assert.Equal(id, conversation.GetProperty("id").GetGuid());
        Assert.Equal("closed", conversation.GetProperty("status").GetString());
        Assert.True(conversation.GetProperty("messages").EnumerateArray().Last().GetProperty("automatic").GetBoolean());

        // The customer writes again (subject token only): it reopens.
        await host.DeliverAsync(await Mails.FromCustomerAsync($"Still nothing [#{number}]", "Still not here."));
        conversation = await ConversationsHost.ConversationWithAsync(client, m => m.GetProperty("text").GetString()?.Trim() == "Still not here.", "the new mail");
        Assert.Equal(id, conversation.GetProperty("id").GetGuid());
        Assert.Equal("open", conversation.GetProperty("status").GetString());

        // A bounce for our reply marks it failed and opens nothing.
        await host.DeliverAsync(Mails.Bounce($"<{sentMessageId}>"), mailFrom: "");
        conversation = await ConversationsHost.EventuallyAsync<JsonElement?>(async () =>
        {
            var detail = await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}");
            var outbound = detail.GetProperty("messages").EnumerateArray().First(m => m.GetProperty("direction").GetString() == "outbound");
            return outbound.GetProperty("delivery").GetProperty("state").GetString() == "failed" ? detail : null;
        }, "the reply marked failed") ?? default;
        var failed = conversation.GetProperty("messages").EnumerateArray().First(m => m.GetProperty("direction").GetString() == "outbound");
        Assert.Contains("5.1.1", failed.GetProperty("delivery").GetProperty("detail").GetString(), StringComparison.Ordinal);
        var history = conversation.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()).ToList();
        Assert.Contains("closed", history);
        Assert.Contains("reopened", history);
        Assert.Contains("delivery-failed", history);
        // Whoever wrote the reply is told it bounced, with the reason.
        var notifications = await client.GetFromJsonAsync<JsonElement>("/api/routing/notifications");
        var bounced = notifications.GetProperty("items").EnumerateArray()
            .Single(n => n.GetProperty("kind").GetString() == "bounced" && n.GetProperty("conversationId").GetGuid() == id);
        Assert.Contains("5.1.1", bounced.GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Equal("Where is my parcel B2", bounced.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task The_same_message_delivered_twice_is_stored_once_and_outbox_results_show_on_the_reply()
    {
        var client = await host.CreateClientAsync();
        var raw = await Mails.FromCustomerAsync("Twice C3", "Sent twice.");
        await host.DeliverAsync(raw);
        await host.DeliverAsync(raw);
        var conversation = await ConversationsHost.ConversationWithAsync(client, m => m.GetProperty("subject").GetString() == "Twice C3", "the mail");
        await Task.Delay(1000);
        conversation = await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation.GetProperty("id").GetGuid()}");
        Assert.Equal(1, conversation.GetProperty("messageCount").GetInt32());

        var id = conversation.GetProperty("id").GetGuid();
        var reply = await (await client.PostAsJsonAsync($"/api/conversations/{id}/replies", new { text = "Got it." })).Content.ReadFromJsonAsync<JsonElement>();
        var replyId = reply.GetProperty("id").GetString();
        // The sandbox captures it; the outbox's OutboundDelivered lands on the reply.
        var (_, captured) = await ConversationsHost.CapturedAsync(client, "Twice C3");
        captured.Dispose();
        await ConversationsHost.EventuallyAsync<string>(async () =>
        {
            var detail = await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}");
            var outbound = detail.GetProperty("messages").EnumerateArray().First(m => m.GetProperty("id").GetString() == replyId);
            return outbound.GetProperty("delivery").GetProperty("state").GetString() == "sent" ? "sent" : null;
        }, "the reply marked sent");
    }

    [Fact]
    public async Task Notes_status_templates_and_uploads_work_and_an_oversized_upload_is_413()
    {
        var client = await host.CreateClientAsync();
        await host.DeliverAsync(await Mails.FromCustomerAsync("Refund D4", "Please refund."));
        var conversation = await ConversationsHost.ConversationWithAsync(client, m => m.GetProperty("subject").GetString() == "Refund D4", "the mail");
        var id = conversation.GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/conversations/{id}/notes", new { text = "VIP customer" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/conversations/{id}/pending", null)).StatusCode);
        var pending = await client.GetFromJsonAsync<JsonElement>("/api/conversations?status=pending");
        Assert.Contains(pending.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == id);

        var created = await client.PostAsJsonAsync("/api/conversations/templates",
            new { name = "Refund", text = "Dear {{customer.name}}, about #{{conversation.number}}: regards, {{agent.name}}" });
        var template = await created.Content.ReadFromJsonAsync<JsonElement>();
        var rendered = await client.GetFromJsonAsync<JsonElement>(
            $"/api/conversations/templates/{template.GetProperty("id").GetGuid()}/render?conversation={id}");
        Assert.Equal($"Dear 张三, about #{conversation.GetProperty("number").GetInt64()}: regards, Administrator", rendered.GetProperty("text").GetString());

        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("hello"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, "file", "说明.txt");
        var upload = await (await client.PostAsync("/api/attachments", form)).Content.ReadFromJsonAsync<JsonElement>();
        var reply = await client.PostAsJsonAsync($"/api/conversations/{id}/replies",
            new { text = "See attached.", attachments = new[] { upload.GetProperty("id").GetGuid() } });
        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}");
        var outbound = detail.GetProperty("messages").EnumerateArray().Last();
        Assert.Equal("说明.txt", outbound.GetProperty("attachments")[0].GetProperty("fileName").GetString());
        Assert.Contains(detail.GetProperty("messages").EnumerateArray(), m => m.GetProperty("direction").GetString() == "note");

        using var big = new MultipartFormDataContent { { new ByteArrayContent(new byte[26 * 1024 * 1024]), "file", "big.bin" } };
        var tooLarge = await client.PostAsync("/api/attachments", big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal("application/problem+json", tooLarge.Content.Headers.ContentType?.MediaType);
    }
}
