using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace MailHub.Conversations.Tests.Composer;

/// <summary>Undo send, drafts, Idempotency-Key, the "customer wrote while you were composing" check and signatures, on a host whose outbox holds replies for two minutes.</summary>
public sealed class ComposerApiTests(ComposerHost host) : IClassFixture<ComposerHost>
{
    [Fact]
    public async Task A_reply_undone_within_its_window_is_never_sent_leaves_the_conversation_and_comes_back_as_the_draft()
    {
        var client = await host.CreateClientAsync();
        var id = await host.DeliverConversationAsync(client, "Undo me U1", "Where is it?");

        var sent = await client.PostAsJsonAsync($"/api/conversations/{id}/replies",
            new { text = "It shipped yesterday.", html = "<p>It shipped <b>yesterday</b>.</p>", cc = new[] { "boss@example.com" }, bcc = new[] { "audit@example.com" } });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var reply = await sent.Content.ReadFromJsonAsync<JsonElement>();
        var replyId = reply.GetProperty("id").GetGuid();
        Assert.True(reply.GetProperty("undoUntil").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddSeconds(60));

        var undone = await client.PostAsync($"/api/messages/{replyId}/undo", null);
        Assert.Equal(HttpStatusCode.OK, undone.StatusCode);
        var draft = await undone.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("It shipped yesterday.", draft.GetProperty("text").GetString());
        Assert.Equal("<p>It shipped <b>yesterday</b>.</p>", draft.GetProperty("html").GetString());
        Assert.Equal(["boss@example.com"], draft.GetProperty("cc").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["audit@example.com"], draft.GetProperty("bcc").EnumerateArray().Select(a => a.GetString()));

        // The outbox will never send it, whenever its time would have come; the conversation no longer shows it.
        Assert.Equal("withdrawn", await OutboxStateAsync(replyId));
        var conversation = await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}");
        Assert.DoesNotContain(conversation.GetProperty("messages").EnumerateArray(), m => m.GetProperty("id").GetGuid() == replyId);
        Assert.Equal(1, conversation.GetProperty("messageCount").GetInt32());
        var restored = await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}/draft");
        Assert.Equal("It shipped yesterday.", restored.GetProperty("text").GetString());

        var again = await client.PostAsync($"/api/messages/{replyId}/undo", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task A_draft_is_saved_restored_replaced_and_gone_once_the_reply_is_sent()
    {
        var client = await host.CreateClientAsync();
        var id = await host.DeliverConversationAsync(client, "Draft me D1", "Hello?");
        await AssertNoDraftAsync(client, id);

        var saved = await client.PutAsJsonAsync($"/api/conversations/{id}/draft", new { mode = "reply", text = "您好，", cc = new[] { "x@example.com" } });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        await client.PutAsJsonAsync($"/api/conversations/{id}/draft", new { mode = "replyAll", text = "您好，订单已发货。" });
        var draft = await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}/draft");
        Assert.Equal("replyAll", draft.GetProperty("mode").GetString());
        Assert.Equal("您好，订单已发货。", draft.GetProperty("text").GetString());
        Assert.Empty(draft.GetProperty("cc").EnumerateArray());

        // An attachment comes back with its name and size, for the composer to show it as it was.
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("发货单"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, "file", "发货单.txt");
        var upload = (await (await client.PostAsync("/api/attachments", form)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await client.PutAsJsonAsync($"/api/conversations/{id}/draft", new { mode = "replyAll", text = "您好，订单已发货。", attachments = new[] { upload } });
        var withFile = await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}/draft");
        var attached = Assert.Single(withFile.GetProperty("attachmentFiles").EnumerateArray());
        Assert.Equal(upload, attached.GetProperty("id").GetGuid());
        Assert.Equal("发货单.txt", attached.GetProperty("fileName").GetString());
        Assert.Equal(Encoding.UTF8.GetByteCount("发货单"), attached.GetProperty("size").GetInt64());

        var badMode = await client.PutAsJsonAsync($"/api/conversations/{id}/draft", new { mode = "shout", text = "?" });
        Assert.Equal(HttpStatusCode.BadRequest, badMode.StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/conversations/{id}/replies", new { text = "您好，订单已发货。" })).StatusCode);
        await AssertNoDraftAsync(client, id);

        await client.PutAsJsonAsync($"/api/conversations/{id}/draft", new { mode = "note", text = "check the warehouse" });
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/conversations/{id}/draft")).StatusCode);
        await AssertNoDraftAsync(client, id);
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_answers_the_first_reply_and_queues_nothing_more()
    {
        var client = await host.CreateClientAsync();
        var id = await host.DeliverConversationAsync(client, "Retry me I1", "Anyone?");
        var key = Guid.NewGuid().ToString();

        async Task<JsonElement> ReplyAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/conversations/{id}/replies")
            {
                Content = JsonContent.Create(new { text = "Yes, we are here." }),
            };
            request.Headers.Add("Idempotency-Key", key);
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }
        var first = await ReplyAsync();
        var retried = await Task.WhenAll(ReplyAsync(), ReplyAsync());

        Assert.All(retried, r => Assert.Equal(first.GetProperty("id").GetGuid(), r.GetProperty("id").GetGuid()));
        Assert.All(retried, r => Assert.Equal(first.GetProperty("undoUntil").GetDateTimeOffset(), r.GetProperty("undoUntil").GetDateTimeOffset()));
        var conversation = await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}");
        Assert.Single(conversation.GetProperty("messages").EnumerateArray(), m => m.GetProperty("direction").GetString() == "outbound");
        Assert.Equal(1, await OutboxRowsAsync(id));

        // The key is the agent's: used in another conversation it is refused, not silently answered with this one's reply.
        var other = await host.DeliverConversationAsync(client, "Retry me I2", "Anyone else?");
        using var elsewhere = new HttpRequestMessage(HttpMethod.Post, $"/api/conversations/{other}/replies") { Content = JsonContent.Create(new { text = "Yes." }) };
        elsewhere.Headers.Add("Idempotency-Key", key);
        Assert.Equal(HttpStatusCode.Conflict, (await client.SendAsync(elsewhere)).StatusCode);
    }

    [Fact]
    public async Task A_customer_message_that_arrived_while_composing_refuses_the_reply_until_it_is_read_or_forced()
    {
        var client = await host.CreateClientAsync();
        var id = await host.DeliverConversationAsync(client, "Wait W1", "First question.");
        var opened = await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}");
        var seen = opened.GetProperty("messages")[0].GetProperty("id").GetGuid();

        await host.DeliverAsync(await Mails.FromCustomerAsync($"Re: Wait W1 [#{opened.GetProperty("number").GetInt64()}]", "Actually, cancel the order."));
        var newest = await ConversationsHost.EventuallyAsync<JsonElement?>(async () =>
        {
            var messages = (await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}")).GetProperty("messages");
            return messages.GetArrayLength() == 2 ? messages[1] : null;
        }, "the customer's second message");

        var refused = await client.PostAsJsonAsync($"/api/conversations/{id}/replies", new { text = "Answering the first.", lastSeenMessageId = seen });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(newest!.Value.GetProperty("id").GetGuid(), problem.GetProperty("newerMessage").GetProperty("id").GetGuid());
        Assert.Contains("cancel the order", problem.GetProperty("newerMessage").GetProperty("excerpt").GetString(), StringComparison.Ordinal);

        var read = await client.PostAsJsonAsync($"/api/conversations/{id}/replies",
            new { text = "Cancelled.", lastSeenMessageId = newest.Value.GetProperty("id").GetGuid() });
        Assert.Equal(HttpStatusCode.Created, read.StatusCode);
        var forced = await client.PostAsJsonAsync($"/api/conversations/{id}/replies", new { text = "And the first: done.", lastSeenMessageId = seen, force = true });
        Assert.Equal(HttpStatusCode.Created, forced.StatusCode);
    }

    [Fact]
    public async Task The_composer_setup_answers_the_signatures_the_upload_limit_and_the_undo_window()
    {
        var client = await host.CreateClientAsync();
        var id = await host.DeliverConversationAsync(client, "Sign S1", "Hi");
        var none = await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}/composer");
        Assert.Equal(JsonValueKind.Null, none.GetProperty("mailbox").ValueKind);
        Assert.Equal(25L * 1024 * 1024, none.GetProperty("maxUploadBytes").GetInt64());
        Assert.Equal((int)ComposerHost.Window.TotalSeconds, none.GetProperty("undoSeconds").GetInt32());

        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsJsonAsync($"/api/conversations/signatures/mailboxes/{host.MailboxId}",
            new { text = "Shop Support · 400-800-1234", html = "<p>Shop Support · 400-800-1234</p>" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsJsonAsync("/api/conversations/signatures/mine", new { text = "王小明" })).StatusCode);
        var both = await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}/composer");
        Assert.Equal("<p>Shop Support · 400-800-1234</p>", both.GetProperty("mailbox").GetProperty("html").GetString());
        Assert.Equal("王小明", both.GetProperty("agent").GetProperty("text").GetString());

        await client.PutAsJsonAsync("/api/conversations/signatures/mine", new { text = "" });
        var mailboxOnly = await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}/composer");
        Assert.Equal(JsonValueKind.Null, mailboxOnly.GetProperty("agent").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsJsonAsync($"/api/conversations/signatures/mailboxes/{Guid.NewGuid()}", new { text = "x" })).StatusCode);
    }

    private static async Task AssertNoDraftAsync(HttpClient client, Guid conversationId)
    {
        var draft = await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversationId}/draft");
        Assert.Equal(JsonValueKind.Null, draft.GetProperty("updatedAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, draft.GetProperty("text").ValueKind);
    }

    private async Task<string?> OutboxStateAsync(Guid replyId)
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT state FROM channels.outbox WHERE correlation_id = $1", connection);
        command.Parameters.Add(new() { Value = replyId.ToString() });
        return (string?)await command.ExecuteScalarAsync();
    }

    private async Task<long> OutboxRowsAsync(Guid conversationId)
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM channels.outbox WHERE correlation_id IN (SELECT id::text FROM conversations.messages WHERE conversation_id = $1)", connection);
        command.Parameters.Add(new() { Value = conversationId });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
