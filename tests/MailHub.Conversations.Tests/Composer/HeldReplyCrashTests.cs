using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Mail.Mime;
using MailHub.Testing;
using Npgsql;

namespace MailHub.Conversations.Tests.Composer;

/// <summary>The real 10-second undo window: what the outbox holds survives its node, and is sent once, after the window.</summary>
public sealed class HeldReplyCrashTests
{
    [Fact]
    public async Task Replies_held_when_their_node_stops_are_sent_once_after_the_window_by_another_node_with_their_thread_headers()
    {
        var nodeA = new HeldHost();
        await nodeA.InitializeAsync();
        var client = await nodeA.CreateClientAsync();
        var id = await nodeA.DeliverConversationAsync(client, "Held H1", "Is my order coming?");
        var customerMessage = (await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}")).GetProperty("messages")[0];
        await nodeA.DeliverAsync(await Mails.FromCustomerAsync("Copy C1", "Please answer us both.", headers: ("Cc", "colleague@example.com")));
        var copied = await ConversationsHost.ConversationWithAsync(client, m => m.GetProperty("subject").GetString() == "Copy C1", "the copied conversation");

        var reply = await ReplyAsync(client, $"/api/conversations/{id}/replies", new { text = "It ships today.", bcc = new[] { "audit@example.com" } });
        var replyAll = await ReplyAsync(client, $"/api/conversations/{copied.GetProperty("id").GetGuid()}/replies", new { text = "Hello both.", replyAll = true });
        var forward = await ReplyAsync(client, $"/api/conversations/{id}/forwards", new { to = new[] { "warehouse@example.com" }, text = "请查一下这个订单。" });

        // Held: due when the window ends, not sent yet. Then the node goes away with the replies still in the window.
        foreach (var held in (JsonElement[])[reply, replyAll, forward])
        {
            var (state, due) = await OutboxRowAsync(nodeA.ConnectionString, held.GetProperty("id").GetGuid());
            Assert.Equal("queued", state);
            Assert.Equal(held.GetProperty("undoUntil").GetDateTimeOffset(), due, TimeSpan.FromMilliseconds(1));
        }
        await nodeA.DisposeAsync();

        await using var nodeB = new SecondNode(nodeA);
        var clientB = await nodeB.CreateClientAsync();
        var (recipients, sent) = await ConversationsHost.CapturedAsync(clientB, "Held H1");
        Assert.Equal(customerMessage.GetProperty("messageId").GetString(), sent.Message.InReplyTo);
        Assert.Contains(customerMessage.GetProperty("messageId").GetString(), sent.Message.References);
        Assert.Contains("audit@example.com", recipients);
        Assert.Empty(sent.Message.Bcc);
        var (copiedRecipients, copiedMail) = await ConversationsHost.CapturedAsync(clientB, "Copy C1");
        Assert.Equal(["colleague@example.com"], copiedMail.Message.Cc.Mailboxes.Select(m => m.Address));
        Assert.Contains("colleague@example.com", copiedRecipients);
        var forwarded = await clientB.GetFromJsonAsync<JsonElement>(
            $"/api/sandbox/messages/wait?to=warehouse@example.com&subject={Uri.EscapeDataString("Fwd: Held H1")}&timeout=20");
        var forwardedMail = MailReader.Load(await clientB.GetByteArrayAsync($"/api/sandbox/messages/{forwarded.GetProperty("id").GetGuid()}/raw"));
        Assert.StartsWith("Fwd: Held H1", forwardedMail.Message.Subject, StringComparison.Ordinal);
        Assert.Null(forwardedMail.Message.InReplyTo);
        Assert.Contains("Is my order coming?", forwardedMail.Message.TextBody, StringComparison.Ordinal);

        foreach (var held in (JsonElement[])[reply, replyAll, forward])
        {
            var id2 = held.GetProperty("id").GetGuid();
            var (captures, capturedAt) = await CapturesAsync(nodeA.ConnectionString, id2);
            Assert.Equal(1, captures);
            Assert.True(capturedAt >= held.GetProperty("undoUntil").GetDateTimeOffset(), "sent before its undo window ended");
        }
    }

    private static async Task<JsonElement> ReplyAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<(string State, DateTimeOffset Due)> OutboxRowAsync(string connectionString, Guid replyId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT state, next_attempt_at FROM channels.outbox WHERE correlation_id = $1", connection);
        command.Parameters.Add(new() { Value = replyId.ToString() });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "no outbox row for the reply");
        return (reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1));
    }

    private static async Task<(long Count, DateTimeOffset? At)> CapturesAsync(string connectionString, Guid replyId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT count(*), max(s.captured_at) FROM channels.sandbox_messages AS s JOIN channels.outbox AS o ON o.id = s.outbox_id
            WHERE o.correlation_id = $1
            """, connection);
        command.Parameters.Add(new() { Value = replyId.ToString() });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1));
    }

    private sealed class HeldHost : ConversationsHost
    {
        public HeldHost() => Settings["MailHub:Conversations:UndoWindow"] = "00:00:10";
    }
}
