using System.Text;
using MailHub.Mail.Imap;
using MailHub.Mail.Net;
using MailHub.Mail.Tests.Net;

namespace MailHub.Mail.Tests.Imap;

[Collection(MailServersCollection.Name)]
public sealed class ImapAgainstDovecotTests(MailServersFixture servers)
{
    private static string Message(string subject, string body = "Hello.") =>
        $"From: Customer <customer@example.com>\r\nTo: alice@test.local\r\nSubject: {subject}\r\nMessage-ID: <{Guid.NewGuid():N}@example.com>\r\nDate: Fri, 21 Nov 2025 10:00:00 +0800\r\n\r\n{body}\r\n";

    private async Task<ImapClient> LoginAsync(string user, MailEndpoint? endpoint = null)
    {
        var client = await ImapClient.ConnectAsync(endpoint ?? servers.Imaps);
        await client.LoginAsync(user, MailServersFixture.Password);
        return client;
    }

    [Fact]
    public async Task Login_over_implicit_TLS_and_STARTTLS_both_open_INBOX()
    {
        foreach (var endpoint in new[] { servers.Imaps, servers.ImapStartTls })
        {
            await using var client = await LoginAsync("alice", endpoint);
            Assert.True(client.IsSecure);
            var inbox = await client.ExamineAsync("INBOX");
            Assert.NotEqual(0u, inbox.UidValidity);
            await client.LogoutAsync();
        }
    }

    [Fact]
    public async Task A_wrong_password_is_an_authentication_failure()
    {
        await using var client = await ImapClient.ConnectAsync(servers.Imaps);
        var e = await Assert.ThrowsAsync<MailProtocolException>(() => client.LoginAsync("alice", "wrong"));
        Assert.Equal(MailErrorKind.AuthenticationFailed, e.Kind);
    }

    [Fact]
    public async Task The_self_signed_certificate_is_refused_unless_accepted_explicitly()
    {
        var e = await Assert.ThrowsAsync<MailProtocolException>(() => ImapClient.ConnectAsync(servers.Imaps with { AcceptInvalidCertificate = false }));
        Assert.Equal(MailErrorKind.TlsFailure, e.Kind);
        Assert.Contains("accept invalid certificate", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LIST_decodes_Chinese_folder_names_and_finds_the_Sent_folder()
    {
        await using var client = await LoginAsync("alice");
        var folders = await client.ListAsync();
        Assert.Contains(folders, f => f.Name == "已发送" && f.EncodedName == "&XfJT0ZAB-");
        var sent = await client.FindSentFolderAsync();
        Assert.Equal("Sent", sent?.Name);
        var status = await client.SelectAsync("已发送");
        Assert.Equal("已发送", status.Name);
    }

    [Fact]
    public async Task Messages_are_searched_fetched_with_metadata_and_streamed_bodies()
    {
        await servers.SeedAsync("bob", [Message("First"), Message("Second \"quoted\"", "Body with ünïcode."), Message("Third")]);
        await using var client = await LoginAsync("bob");
        var inbox = await client.SelectAsync();
        Assert.Equal(3u, inbox.Exists);

        var all = await client.SearchAsync(ImapSearchQuery.All);
        Assert.Equal(3, all.Count);
        var since = await client.SearchAsync(ImapSearchQuery.Since(DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1))));
        Assert.Equal(all, since);
        var range = await client.SearchAsync(ImapSearchQuery.Uids(UidSet.Range(all[1])));
        Assert.Equal(all.Skip(1), range);

        var bodies = new Dictionary<uint, string>();
        var summaries = await client.FetchAsync(UidSet.All, ImapFetchItems.Summary, async (body, ct) =>
        {
            using var copy = new MemoryStream();
            await body.Content.CopyToAsync(copy, ct);
            bodies[body.Uid!.Value] = Encoding.UTF8.GetString(copy.ToArray());
        });
        Assert.Equal(3, summaries.Count);
        var second = summaries.Single(s => s.Envelope?.Subject == "Second \"quoted\"");
        Assert.Equal("customer@example.com", second.Envelope!.From.Single().Address);
        Assert.Equal("Customer", second.Envelope.From.Single().Name);
        Assert.Equal(Encoding.UTF8.GetByteCount(bodies[second.Uid]), second.Size);
        Assert.NotNull(second.InternalDate);
        Assert.Contains("Body with ünïcode.", bodies[second.Uid], StringComparison.Ordinal);
        Assert.False(second.IsSeen);

        using var one = new MemoryStream();
        Assert.True(await client.FetchMessageAsync(second.Uid, one));
        Assert.Equal(bodies[second.Uid], Encoding.UTF8.GetString(one.ToArray()));
        Assert.False(await client.FetchMessageAsync(999_999, new MemoryStream()));
    }

    [Fact]
    public async Task Flags_are_stored_and_messages_moved_to_another_folder()
    {
        await servers.SeedAsync("alice", [Message("To archive")]);
        await using var client = await LoginAsync("alice");
        await client.SelectAsync();
        var uid = (await client.SearchAsync(ImapSearchQuery.All)).Last();
        await client.AddFlagsAsync(UidSet.Single(uid), [@"\Seen", @"\Flagged"]);
        var flags = (await client.FetchAsync(UidSet.Single(uid), ImapFetchItems.Flags)).Single().Flags;
        Assert.Contains(@"\Seen", flags);
        Assert.Contains(@"\Flagged", flags);
        await client.RemoveFlagsAsync(UidSet.Single(uid), [@"\Flagged"]);
        Assert.DoesNotContain(@"\Flagged", (await client.FetchAsync(UidSet.Single(uid), ImapFetchItems.Flags)).Single().Flags);

        var archivedBefore = (await client.ExamineAsync("Archive")).Exists;
        await client.SelectAsync();
        await client.MoveAsync(UidSet.Single(uid), "Archive");
        Assert.Empty(await client.SearchAsync(ImapSearchQuery.Uids(UidSet.Single(uid))));
        Assert.Equal(archivedBefore + 1, (await client.ExamineAsync("Archive")).Exists);
    }

    [Fact]
    public async Task A_reply_is_appended_to_the_Sent_folder_with_its_UID()
    {
        await using var client = await LoginAsync("alice");
        var sent = await client.FindSentFolderAsync();
        var reply = new MemoryStream(Encoding.UTF8.GetBytes(Message("Re: your question", "Answer.")));
        var uid = await client.AppendAsync(sent!.Name, reply, [@"\Seen"], DateTimeOffset.Now);
        Assert.NotNull(uid);
        await client.ExamineAsync(sent.Name);
        var summary = (await client.FetchAsync(UidSet.Single(uid!.Value), ImapFetchItems.Summary)).Single();
        Assert.Equal("Re: your question", summary.Envelope?.Subject);
        Assert.True(summary.IsSeen);
    }

    [Fact]
    public async Task IDLE_returns_when_a_new_message_arrives()
    {
        await using var watcher = await LoginAsync("bob");
        var before = (await watcher.SelectAsync()).Exists;
        var waiting = watcher.WaitForNewMessagesAsync();
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted);
        await using (var other = await LoginAsync("bob"))
            await other.AppendAsync("INBOX", new MemoryStream(Encoding.UTF8.GetBytes(Message("New!"))));
        var exists = await waiting.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(before + 1, exists);
        // The connection is still usable after IDLE.
        await watcher.NoopAsync();
    }

    [Fact]
    public async Task IDLE_renewed_along_the_way_still_sees_the_new_message()
    {
        await using var watcher = await LoginAsync("alice");
        watcher.IdleRenewal = TimeSpan.FromMilliseconds(300);
        var before = (await watcher.SelectAsync()).Exists;
        var waiting = watcher.WaitForNewMessagesAsync();
        await Task.Delay(1000);
        Assert.False(waiting.IsCompleted);
        await using (var other = await LoginAsync("alice"))
            await other.AppendAsync("INBOX", new MemoryStream(Encoding.UTF8.GetBytes(Message("After renewal"))));
        Assert.Equal(before + 1, await waiting.WaitAsync(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task Cancelling_IDLE_ends_it_politely_and_keeps_the_connection()
    {
        await using var client = await LoginAsync("alice");
        await client.SelectAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.WaitForNewMessagesAsync(cts.Token));
        await client.NoopAsync();
    }

    [Fact]
    public async Task Opening_a_missing_folder_says_so()
    {
        await using var client = await LoginAsync("alice");
        var e = await Assert.ThrowsAsync<MailProtocolException>(() => client.SelectAsync("No such folder"));
        Assert.Equal(MailErrorKind.MailboxNotFound, e.Kind);
    }

    [Fact]
    public async Task The_protocol_log_never_shows_the_password()
    {
        var log = new List<string>();
        var client = await ImapClient.ConnectAsync(servers.Imaps with { ProtocolLog = log.Add });
        await client.LoginAsync("alice", MailServersFixture.Password);
        await client.LogoutAsync();
        Assert.Contains(log, l => l.Contains("LOGIN", StringComparison.Ordinal));
        Assert.DoesNotContain(log, l => l.Contains(MailServersFixture.Password, StringComparison.Ordinal));
    }
}
