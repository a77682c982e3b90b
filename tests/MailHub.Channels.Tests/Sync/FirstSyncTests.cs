using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Channels.Tests.Mailboxes;
using MailHub.Testing;

namespace MailHub.Channels.Tests.Sync;

/// <summary>
/// "Only mail that arrives from now on" counts from when the mailbox was created, not from its first successful
/// connection: mail that arrives while the first connections fail (a password that is not yet the authorization
/// code) is imported once they succeed; mail from before the mailbox existed is not. A mailbox disabled and enabled
/// again starts anew at the re-enable: what arrived while it was off stays out.
/// </summary>
[Collection(MailServersCollection.Name)]
public sealed class FirstSyncTests(MailServersFixture peers, SyncHost host) : IClassFixture<SyncHost>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task IMAP_mail_that_arrived_while_the_first_logins_failed_is_imported_once_the_password_is_fixed()
    {
        var folder = await DovecotFolder.CreateAsync(peers, "bob", "first");
        var anHourAgo = DateTimeOffset.UtcNow.AddHours(-1);
        await folder.AppendAsync(DovecotFolder.Message("imap first-sync before", $"before-{Guid.NewGuid():N}@example.org", anHourAgo), anHourAgo);

        using var client = await host.CreateClientAsync();
        object Mailbox(string password) => new
        {
            name = "Bob first sync",
            address = "bob-first@test.local",
            inbound = new
            {
                protocol = "imap", host = "127.0.0.1", port = peers.ImapsPort, security = "ssl", username = "bob",
                password, acceptInvalidCertificate = true, folders = new[] { folder.Name },
            },
        };
        var id = (await MailboxApi.CreateAsync(client, Mailbox("not-the-authorization-code"))).GetProperty("id").GetString()!;
        var failing = await MailboxApi.WaitForStatusAsync(client, id, "error", Wait);
        Assert.Contains("refused the login", failing.GetProperty("statusMessage").GetString(), StringComparison.Ordinal);

        await folder.AppendAsync(DovecotFolder.Message("imap first-sync while failing 1", $"failing-1-{Guid.NewGuid():N}@example.org"));
        await folder.AppendAsync(DovecotFolder.Message("imap first-sync while failing 2", $"failing-2-{Guid.NewGuid():N}@example.org"));
        await WaitForAnotherFailureAsync(client, id);

        var fixedPassword = await client.PutAsJsonAsync($"/api/channels/mailboxes/{id}", Mailbox(MailServersFixture.Password));
        Assert.True(fixedPassword.IsSuccessStatusCode, await fixedPassword.Content.ReadAsStringAsync());
        await MailboxApi.WaitForInboundAsync(client, id, "imap first-sync while failing", 2, Wait);
        await folder.AppendAsync(DovecotFolder.Message("imap first-sync after", $"after-{Guid.NewGuid():N}@example.org"));
        await MailboxApi.WaitForInboundAsync(client, id, "imap first-sync after", 1, Wait);

        Assert.Equal(["imap first-sync after", "imap first-sync while failing 1", "imap first-sync while failing 2"], await SubjectsAsync(client, id));
    }

    [Fact]
    public async Task POP3_mail_that_arrived_while_the_first_logins_failed_is_imported_once_the_password_is_fixed()
    {
        // carol's INBOX: what is there already arrived before this mailbox existed, and stays out.
        var inbox = new DovecotFolder(peers, "carol", "INBOX");
        var anHourAgo = DateTimeOffset.UtcNow.AddHours(-1);
        await inbox.AppendAsync(DovecotFolder.Message("pop3 first-sync before", $"before-{Guid.NewGuid():N}@example.org", anHourAgo), anHourAgo);

        using var client = await host.CreateClientAsync();
        object Mailbox(string password) => new
        {
            name = "Carol first sync",
            address = "carol-first@test.local",
            inbound = new
            {
                protocol = "pop3", host = "127.0.0.1", port = peers.Pop3sPort, security = "ssl", username = "carol",
                password, acceptInvalidCertificate = true,
            },
        };
        var id = (await MailboxApi.CreateAsync(client, Mailbox("not-the-authorization-code"))).GetProperty("id").GetString()!;
        await MailboxApi.WaitForStatusAsync(client, id, "error", Wait);

        // Delivered by Postfix over LMTP: Dovecot's Received: field says when.
        await MailboxSyncTests.SubmitAsync(peers, "alice", "carol@test.local", "pop3 first-sync while failing 1");
        await MailboxSyncTests.SubmitAsync(peers, "alice", "carol@test.local", "pop3 first-sync while failing 2");
        await WaitForAnotherFailureAsync(client, id);

        var fixedPassword = await client.PutAsJsonAsync($"/api/channels/mailboxes/{id}", Mailbox(MailServersFixture.Password));
        Assert.True(fixedPassword.IsSuccessStatusCode, await fixedPassword.Content.ReadAsStringAsync());
        await MailboxApi.WaitForInboundAsync(client, id, "pop3 first-sync while failing", 2, Wait);
        await MailboxSyncTests.SubmitAsync(peers, "alice", "carol@test.local", "pop3 first-sync after");
        await MailboxApi.WaitForInboundAsync(client, id, "pop3 first-sync after", 1, Wait);

        var subjects = (await SubjectsAsync(client, id)).Where(s => s!.StartsWith("pop3 first-sync", StringComparison.Ordinal));
        Assert.Equal(["pop3 first-sync after", "pop3 first-sync while failing 1", "pop3 first-sync while failing 2"], subjects);
    }

    [Fact]
    public async Task IMAP_mailbox_disabled_and_re_enabled_starts_from_the_re_enable_and_skips_what_arrived_while_disabled()
    {
        var folder = await DovecotFolder.CreateAsync(peers, "bob", "reenable");
        using var client = await host.CreateClientAsync();
        object Mailbox(bool enabled) => new
        {
            name = "Bob re-enabled",
            address = "bob-reenable@test.local",
            enabled,
            inbound = new
            {
                protocol = "imap", host = "127.0.0.1", port = peers.ImapsPort, security = "ssl", username = "bob",
                password = MailServersFixture.Password, acceptInvalidCertificate = true, folders = new[] { folder.Name },
            },
        };
        var id = (await MailboxApi.CreateAsync(client, Mailbox(enabled: true))).GetProperty("id").GetString()!;
        await folder.AppendAsync(DovecotFolder.Message("imap re-enable first life", $"life-{Guid.NewGuid():N}@example.org"));
        await MailboxApi.WaitForInboundAsync(client, id, "imap re-enable first life", 1, Wait);

        await PutAsync(client, id, Mailbox(enabled: false));
        await MailboxApi.WaitForStatusAsync(client, id, "disabled", Wait);
        // Delivered while the mailbox was off (INTERNALDATE a second back: before the re-enable, whatever the clock's second).
        await folder.AppendAsync(DovecotFolder.Message("imap re-enable while disabled", $"off-{Guid.NewGuid():N}@example.org"),
            DateTimeOffset.UtcNow.AddSeconds(-1));

        await PutAsync(client, id, Mailbox(enabled: true));
        await folder.AppendAsync(DovecotFolder.Message("imap re-enable after", $"after-{Guid.NewGuid():N}@example.org"));
        await MailboxApi.WaitForInboundAsync(client, id, "imap re-enable after", 1, Wait);

        Assert.Equal(["imap re-enable after", "imap re-enable first life"], await SubjectsAsync(client, id));
    }

    [Fact]
    public async Task POP3_mailbox_disabled_and_re_enabled_starts_from_the_re_enable_and_skips_what_arrived_while_disabled()
    {
        var inbox = new DovecotFolder(peers, "carol", "INBOX");
        using var client = await host.CreateClientAsync();
        object Mailbox(bool enabled) => new
        {
            name = "Carol re-enabled",
            address = "carol-reenable@test.local",
            enabled,
            inbound = new
            {
                protocol = "pop3", host = "127.0.0.1", port = peers.Pop3sPort, security = "ssl", username = "carol",
                password = MailServersFixture.Password, acceptInvalidCertificate = true,
            },
        };
        var id = (await MailboxApi.CreateAsync(client, Mailbox(enabled: true))).GetProperty("id").GetString()!;
        await MailboxSyncTests.SubmitAsync(peers, "alice", "carol@test.local", "pop3 re-enable first life");
        await MailboxApi.WaitForInboundAsync(client, id, "pop3 re-enable first life", 1, Wait);

        await PutAsync(client, id, Mailbox(enabled: false));
        await MailboxApi.WaitForStatusAsync(client, id, "disabled", Wait);
        // No Received: field, so its Date: tells when it arrived: a second back, before the re-enable.
        await inbox.AppendAsync(DovecotFolder.Message("pop3 re-enable while disabled", $"off-{Guid.NewGuid():N}@example.org",
            DateTimeOffset.UtcNow.AddSeconds(-1)));

        await PutAsync(client, id, Mailbox(enabled: true));
        await MailboxSyncTests.SubmitAsync(peers, "alice", "carol@test.local", "pop3 re-enable after");
        await MailboxApi.WaitForInboundAsync(client, id, "pop3 re-enable after", 1, Wait);

        var subjects = (await SubjectsAsync(client, id)).Where(s => s!.StartsWith("pop3 re-enable", StringComparison.Ordinal));
        Assert.Equal(["pop3 re-enable after", "pop3 re-enable first life"], subjects);
    }

    private static async Task PutAsync(HttpClient client, string id, object mailbox)
    {
        var response = await client.PutAsJsonAsync($"/api/channels/mailboxes/{id}", mailbox);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Waits until the sync has failed once more after now (its status message names the next try anew).</summary>
    private static async Task WaitForAnotherFailureAsync(HttpClient client, string id)
    {
        var before = (await MailboxApi.GetAsync(client, id)).GetProperty("statusMessage").GetString();
        var deadline = DateTime.UtcNow + Wait;
        while (DateTime.UtcNow < deadline)
        {
            var now = await MailboxApi.GetAsync(client, id);
            if (now.GetProperty("status").GetString() == "error" && now.GetProperty("statusMessage").GetString() != before)
                return;
            await Task.Delay(200);
        }
        Assert.Fail("the sync did not try again");
    }

    private static async Task<IReadOnlyList<string?>> SubjectsAsync(HttpClient client, string id)
    {
        var list = await client.GetFromJsonAsync<JsonElement>($"/api/inbound/messages?mailbox={id}&limit=100");
        return [.. list.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("subject").GetString()).Order(StringComparer.Ordinal)];
    }
}
