using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Channels.Tests.Mailboxes;
using MailHub.Channels.Tests.Support;
using MailHub.Testing;
using MimeKit;
using Npgsql;

namespace MailHub.Channels.Tests.Sandbox;

/// <summary>
/// "Accept, then bounce" is durable: the report is a row written with the capture, so a node killed (SIGKILL) before it is due
/// loses nothing, and the next node delivers it into the sending mailbox, once (a row left after its report was stored is only deleted).
/// </summary>
public sealed class SandboxBounceRestartTests
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["MailHub__Sandbox__Pop3"] = "", // two hosts of one machine: no POP3 port to fight for
        ["MailHub__Sandbox__BouncePoll"] = "00:00:01",
    };

    private static async Task<long> CountAsync(NpgsqlDataSource db, string sql, Guid mailboxId)
    {
        await using var command = db.CreateCommand(sql);
        command.Parameters.Add(new() { Value = mailboxId });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_bounce_due_after_its_node_was_killed_is_delivered_by_the_node_started_next()
    {
        var connectionString = await TestDatabase.CreateAsync("bounce");
        await using var db = NpgsqlDataSource.Create(connectionString);
        Guid mailboxId;
        await using (var first = await HostProcess.StartAsync(connectionString, Settings))
        {
            var mailbox = await MailboxApi.CreateAsync(first.Http, new { name = "Bounce Restart", inbound = new { protocol = "sandbox" } });
            mailboxId = Guid.Parse(mailbox.GetProperty("id").GetString()!);
            var put = await first.Http.PutAsJsonAsync("/api/sandbox/chaos", new
            {
                rules = new object[] { new { direction = "outbound", pattern = "*@bounce.example", action = "bounce", status = "5.1.1", delaySeconds = 300 } },
            });
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
            var sent = await first.Http.PostAsJsonAsync($"/api/channels/mailboxes/{mailboxId}/test-send", new { to = "someone@bounce.example" });
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
            await first.Http.GetFromJsonAsync<JsonElement>($"/api/sandbox/messages/wait?mailbox={mailboxId}&timeout=60");

            // Captured, the report written with it and due in five minutes: the node dies first.
            Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM channels.sandbox_bounces WHERE mailbox_id = $1", mailboxId));
            await first.KillHardAsync();
        }
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM channels.inbound_messages WHERE mailbox_id = $1", mailboxId));
        await using (var due = db.CreateCommand("UPDATE channels.sandbox_bounces SET due_at = now() WHERE mailbox_id = $1"))
        {
            due.Parameters.Add(new() { Value = mailboxId });
            Assert.Equal(1, await due.ExecuteNonQueryAsync()); // due now, not in five minutes: the test need not wait for it
        }

        await using var second = await HostProcess.StartAsync(connectionString, Settings);
        var report = await Eventually.GetAsync(async () =>
        {
            var list = await second.Http.GetFromJsonAsync<JsonElement>($"/api/inbound/messages?mailbox={mailboxId}");
            return list.GetProperty("items").EnumerateArray().Select(i => (JsonElement?)i).FirstOrDefault();
        }, "the bounce after the restart", TimeSpan.FromSeconds(90));
        var raw = await second.Http.GetByteArrayAsync($"/api/inbound/messages/{report!.Value.GetProperty("id").GetString()}/raw");
        Assert.Equal("multipart/report", MimeMessage.Load(new MemoryStream(raw)).Body!.ContentType.MimeType);
        using var mail = MailHub.Mail.Mime.MailReader.Load(raw);
        var status = Assert.IsType<MailHub.Mail.Mime.DeliveryStatusReport>(mail.DeliveryStatus);
        Assert.Equal("someone@bounce.example", Assert.Single(status.Recipients).FinalRecipient);
        Assert.True(await Eventually.HoldsAsync(
            async () => await CountAsync(db, "SELECT count(*) FROM channels.sandbox_bounces WHERE mailbox_id = $1", mailboxId) == 0, TimeSpan.FromSeconds(30)),
            "the delivered report's row is still there");
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM channels.inbound_messages WHERE mailbox_id = $1", mailboxId));

        // A node that died after storing the report but before deleting its row leaves the row: the next delivery of it finds
        // the report stored under the row's id and only deletes the row.
        await using (var again = db.CreateCommand("""
            INSERT INTO channels.sandbox_bounces (id, mailbox_id, outbox_id, recipient, status, content, due_at)
            SELECT id, mailbox_id, gen_random_uuid(), 'someone@bounce.example', '5.1.1', '\x00'::bytea, now() FROM channels.inbound_messages WHERE mailbox_id = $1
            """))
        {
            again.Parameters.Add(new() { Value = mailboxId });
            Assert.Equal(1, await again.ExecuteNonQueryAsync());
        }
        Assert.True(await Eventually.HoldsAsync(
            async () => await CountAsync(db, "SELECT count(*) FROM channels.sandbox_bounces WHERE mailbox_id = $1", mailboxId) == 0, TimeSpan.FromSeconds(30)),
            "the row of a report delivered before is still there");
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM channels.inbound_messages WHERE mailbox_id = $1", mailboxId));
    }
}
