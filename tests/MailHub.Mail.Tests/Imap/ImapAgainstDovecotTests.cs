using System.Text;
using MailHub.Mail.Clients;
using MailHub.Mail.Net;
using MailHub.Mail.Tests.Net;
using MailKit;
using MailKit.Net.Imap;
using MimeKit;

namespace MailHub.Mail.Tests.Imap;

/// <summary>Our IMAP session layer on MailKit against the private Dovecot: TLS, login, folders, IDLE, logs.</summary>
[Collection(MailServersCollection.Name)]
public sealed class ImapAgainstDovecotTests(MailServersFixture servers)
{
    private static MimeMessage Message(string subject) =>
        MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(
            $"From: Customer <customer@example.com>\r\nTo: alice@test.local\r\nSubject: {subject}\r\nMessage-ID: <{Guid.NewGuid():N}@example.com>\r\n\r\nHello.\r\n")));

    private Task<ImapClient> LoginAsync(string user, MailEndpoint? endpoint = null) =>
        ImapSession.OpenAsync(endpoint ?? servers.Imaps, user, MailServersFixture.Password, oauth2: false);

    [Fact]
    public async Task Login_over_implicit_TLS_and_STARTTLS_both_open_INBOX()
    {
        foreach (var endpoint in new[] { servers.Imaps, servers.ImapStartTls })
        {
            using var client = await LoginAsync("alice", endpoint);
            Assert.True(client.IsSecure);
            var inbox = await client.OpenFolderAsync(endpoint, "INBOX", FolderAccess.ReadOnly);
            Assert.NotEqual(0u, inbox.UidValidity);
            await client.DisconnectQuietlyAsync();
        }
    }

    [Fact]
    public async Task A_wrong_password_is_an_authentication_failure()
    {
        var e = await Assert.ThrowsAsync<MailProtocolException>(() => ImapSession.OpenAsync(servers.Imaps, "alice", "wrong", oauth2: false));
        Assert.Equal(MailErrorKind.AuthenticationFailed, e.Kind);
        Assert.Contains("Check the user name and password", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_self_signed_certificate_is_refused_unless_accepted_explicitly()
    {
        var e = await Assert.ThrowsAsync<MailProtocolException>(() => LoginAsync("alice", servers.Imaps with { AcceptInvalidCertificate = false }));
        Assert.Equal(MailErrorKind.TlsFailure, e.Kind);
        Assert.Contains("accept invalid certificate", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Chinese_folder_name_opens_and_a_missing_folder_says_so()
    {
        using var client = await LoginAsync("alice");
        var sent = await client.OpenFolderAsync(servers.Imaps, "已发送", FolderAccess.ReadWrite);
        Assert.Equal("已发送", sent.FullName);
        var e = await Assert.ThrowsAsync<MailProtocolException>(() => client.OpenFolderAsync(servers.Imaps, "No such folder", FolderAccess.ReadOnly));
        Assert.Equal(MailErrorKind.MailboxNotFound, e.Kind);
        Assert.Contains("No such folder", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IDLE_returns_when_a_new_message_arrives_and_the_connection_stays_usable()
    {
        using var watcher = await LoginAsync("bob");
        var inbox = await watcher.OpenFolderAsync(servers.Imaps, "INBOX", FolderAccess.ReadOnly);
        var waiting = watcher.WaitForNewMessagesAsync(inbox, servers.Imaps, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        await AppendAsync("bob", "New!", waiting);
        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(15)));
        await watcher.NoOpAsync();
    }

    [Fact]
    public async Task IDLE_renewed_along_the_way_still_sees_the_new_message()
    {
        using var watcher = await LoginAsync("alice");
        var inbox = await watcher.OpenFolderAsync(servers.Imaps, "INBOX", FolderAccess.ReadOnly);
        var waiting = watcher.WaitForNewMessagesAsync(inbox, servers.Imaps, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1),
            idleRenewal: TimeSpan.FromMilliseconds(200));
        await Task.Delay(1000); // several renewals before the mail comes
        await AppendAsync("alice", "After renewal", waiting);
        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task Cancelling_the_wait_is_a_cancellation()
    {
        using var client = await LoginAsync("alice");
        var inbox = await client.OpenFolderAsync(servers.Imaps, "INBOX", FolderAccess.ReadOnly);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            client.WaitForNewMessagesAsync(inbox, servers.Imaps, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), cts.Token));
    }

    [Fact]
    public async Task The_protocol_log_never_shows_the_password()
    {
        var log = new List<string>();
        using var client = await LoginAsync("alice", servers.Imaps with { ProtocolLog = log.Add });
        await client.DisconnectQuietlyAsync();
        Assert.Contains(log, l => l.StartsWith("C: ", StringComparison.Ordinal) && l.Contains("LOGIN", StringComparison.Ordinal) || l.Contains("AUTHENTICATE", StringComparison.Ordinal));
        Assert.DoesNotContain(log, l => l.Contains(MailServersFixture.Password, StringComparison.Ordinal));
        Assert.DoesNotContain(log, l => l.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes("\0alice\0" + MailServersFixture.Password)), StringComparison.Ordinal));
    }

    /// <summary>Another client appends once the waiting one is in IDLE (Dovecot answers "+ idling").</summary>
    private async Task AppendAsync(string user, string subject, Task<bool> waiting)
    {
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted);
        using var other = await LoginAsync(user);
        await other.Inbox.AppendAsync(Message(subject));
        await other.DisconnectQuietlyAsync();
    }
}
