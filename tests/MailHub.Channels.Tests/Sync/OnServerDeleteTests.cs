using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Channels.Tests.Mailboxes;
using MailHub.Testing;

namespace MailHub.Channels.Tests.Sync;

/// <summary>
/// "Delete on the server N days after sync" against Dovecot. The host's clock is moved 8 days ahead mid-test, so
/// mail stored before the jump is "over 7 days old" and mail stored after it is new.
/// </summary>
[Collection(MailServersCollection.Name)]
public sealed class OnServerDeleteTests(MailServersFixture peers, ShiftedClockSyncHost host) : IClassFixture<ShiftedClockSyncHost>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task IMAP_deletes_by_UID_only_what_MailHub_stored_over_N_days_ago_and_keeps_the_rest()
    {
        var folder = await DovecotFolder.CreateAsync(peers, "alice", "expiry");
        // Before MailHub looks: one message another client marked \Deleted (a plain EXPUNGE would take it), and one
        // MailHub never imports (the first sync takes only mail that arrives from then on).
        // Both delivered an hour before the mailbox is created.
        var before = DateTimeOffset.UtcNow.AddHours(-1);
        await folder.AppendAsync(DovecotFolder.Message("imap other client's deleted", $"other-{Guid.NewGuid():N}@example.org", before), before, @"\Deleted");
        await folder.AppendAsync(DovecotFolder.Message("imap never imported", $"never-{Guid.NewGuid():N}@example.org", before), before);

        string id;
        using (var client = await host.CreateClientAsync())
        {
            var mailbox = await MailboxApi.CreateAsync(client, new
            {
                name = "Alice expiry",
                address = "alice-expiry@test.local",
                onServer = new { action = "delete", afterDays = 7 },
                inbound = new
                {
                    protocol = "imap", host = "127.0.0.1", port = peers.ImapsPort, security = "ssl", username = "alice",
                    password = MailServersFixture.Password, acceptInvalidCertificate = true, folders = new[] { folder.Name },
                },
            });
            id = mailbox.GetProperty("id").GetString()!;
            await MailboxApi.WaitForStatusAsync(client, id, "idle", Wait);
            for (var i = 1; i <= 3; i++)
                await folder.AppendAsync(DovecotFolder.Message($"imap expiry old {i}", $"old-{i}-{Guid.NewGuid():N}@example.org"));
            await MailboxApi.WaitForInboundAsync(client, id, "imap expiry old", 3, Wait);
        }

        // Several more sync passes (polled every second): stored today, nothing is due yet.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var (_, beforeJump) = await folder.ReadAsync();
        Assert.Equal(5, beforeJump.Count);

        host.Clock.Advance(TimeSpan.FromDays(8));
        await folder.AppendAsync(DovecotFolder.Message("imap expiry new 1", $"new-1-{Guid.NewGuid():N}@example.org"));
        await folder.AppendAsync(DovecotFolder.Message("imap expiry new 2", $"new-2-{Guid.NewGuid():N}@example.org"));

        var after = await folder.WaitAsync(subjects => !subjects.Any(s => s.StartsWith("imap expiry old", StringComparison.Ordinal)), Wait);
        Assert.Equal(["imap expiry new 1", "imap expiry new 2", "imap never imported", "imap other client's deleted"],
            after.Select(m => m.Subject).Order(StringComparer.Ordinal));
        // The other client's mark is its own business: still there, still marked.
        Assert.Contains(@"\Deleted", after.Single(m => m.Subject == "imap other client's deleted").Flags);

        using (var client = await host.CreateClientAsync())
        {
            await MailboxApi.WaitForInboundAsync(client, id, "imap expiry new", 2, Wait);
            // More passes: the new mail (stored after the jump) stays on the server, nothing is stored twice.
            await Task.Delay(TimeSpan.FromSeconds(3));
            var (_, final) = await folder.ReadAsync();
            Assert.Equal(4, final.Count);
            var list = await client.GetFromJsonAsync<JsonElement>($"/api/inbound/messages?mailbox={id}&limit=100");
            var subjects = list.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("subject").GetString()).Order(StringComparer.Ordinal);
            Assert.Equal(["imap expiry new 1", "imap expiry new 2", "imap expiry old 1", "imap expiry old 2", "imap expiry old 3"], subjects);
        }
    }

    [Fact]
    public async Task POP3_deletes_what_it_stored_over_N_days_ago_but_never_mail_it_did_not_store()
    {
        // bench's INBOX: no other test syncs it. What is there before MailHub looks is seen, never stored.
        var inbox = new DovecotFolder(peers, "bench", "INBOX");
        // Dated an hour before the mailbox is created (POP3 has no INTERNALDATE: without Received: fields, Date: tells).
        await inbox.AppendAsync(DovecotFolder.Message("pop3 never imported", $"never-{Guid.NewGuid():N}@example.org", DateTimeOffset.UtcNow.AddHours(-1)));

        string id;
        using (var client = await host.CreateClientAsync())
        {
            var mailbox = await MailboxApi.CreateAsync(client, new
            {
                name = "Bench POP3 expiry",
                address = "bench-expiry@test.local",
                onServer = new { action = "delete", afterDays = 7 },
                inbound = new
                {
                    protocol = "pop3", host = "127.0.0.1", port = peers.Pop3sPort, security = "ssl", username = "bench",
                    password = MailServersFixture.Password, acceptInvalidCertificate = true,
                },
            });
            id = mailbox.GetProperty("id").GetString()!;
            await MailboxApi.WaitForStatusAsync(client, id, "idle", Wait);
            await inbox.AppendAsync(DovecotFolder.Message("pop3 expiry old 1", $"old-1-{Guid.NewGuid():N}@example.org"));
            await inbox.AppendAsync(DovecotFolder.Message("pop3 expiry old 2", $"old-2-{Guid.NewGuid():N}@example.org"));
            await MailboxApi.WaitForInboundAsync(client, id, "pop3 expiry old", 2, Wait);
        }

        host.Clock.Advance(TimeSpan.FromDays(8));
        await inbox.AppendAsync(DovecotFolder.Message("pop3 expiry new", $"new-{Guid.NewGuid():N}@example.org"));

        var after = await inbox.WaitAsync(subjects => !subjects.Any(s => s.StartsWith("pop3 expiry old", StringComparison.Ordinal)), Wait);
        using var later = await host.CreateClientAsync();
        await MailboxApi.WaitForInboundAsync(later, id, "pop3 expiry new", 1, Wait);
        after = await inbox.WaitAsync(_ => false, TimeSpan.FromSeconds(3)); // a few more polls
        var onServer = after.Select(m => m.Subject).Where(s => s.StartsWith("pop3", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.Equal(["pop3 expiry new", "pop3 never imported"], onServer);

        var list = await later.GetFromJsonAsync<JsonElement>($"/api/inbound/messages?mailbox={id}&limit=100");
        var subjects = list.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("subject").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(["pop3 expiry new", "pop3 expiry old 1", "pop3 expiry old 2"], subjects);
    }
}
