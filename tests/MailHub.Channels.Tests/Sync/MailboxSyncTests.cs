using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MailHub.Channels.Tests.Mailboxes;
using MailHub.Mail.Clients;
using MailHub.Mail.Net;
using MailHub.Testing;
using MailKit;
using MailKit.Net.Smtp;
using MimeKit;

namespace MailHub.Channels.Tests.Sync;

/// <summary>Dovecot and Postfix as "the provider": mailboxes set up through the API receive and send through them.</summary>
[Collection(MailServersCollection.Name)]
public sealed class MailboxSyncTests(MailServersFixture peers, SyncHost host) : IClassFixture<SyncHost>
{
    [Fact]
    public async Task An_IMAP_mailbox_sees_new_mail_within_2_seconds_through_IDLE_with_the_envelope_from_Return_Path()
    {
        using var client = await host.CreateClientAsync();
        var mailbox = await MailboxApi.CreateAsync(client, new
        {
            name = "Bob IMAP",
            address = "bob@test.local",
            inbound = new
            {
                protocol = "imap", host = "127.0.0.1", port = peers.ImapsPort, security = "ssl", username = "bob",
                password = MailServersFixture.Password, acceptInvalidCertificate = true,
            },
        });
        var id = mailbox.GetProperty("id").GetString()!;
        var idle = await MailboxApi.WaitForStatusAsync(client, id, "idle", TimeSpan.FromSeconds(20));
        Assert.NotEqual(JsonValueKind.Null, idle.GetProperty("lastSuccessAt").ValueKind);

        await SubmitAsync("alice", "bob@test.local", "idle arrival 1");
        var list = await MailboxApi.WaitForInboundAsync(client, id, "idle arrival 1", 1, TimeSpan.FromSeconds(2));

        var item = list.GetProperty("items")[0];
        Assert.Equal("alice@test.local", item.GetProperty("mailFrom").GetString());
        Assert.Equal(["bob@test.local"], item.GetProperty("rcptTo").EnumerateArray().Select(r => r.GetString()));
        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/inbound/messages/{item.GetProperty("id").GetString()}");
        Assert.Equal("imap", detail.GetProperty("envelope").GetProperty("endpoint").GetString());
        Assert.Equal(id, detail.GetProperty("envelope").GetProperty("mailboxId").GetString());
    }

    [Fact]
    public async Task A_POP3_mailbox_takes_new_mail_once_by_its_UIDL()
    {
        using var client = await host.CreateClientAsync();
        var mailbox = await MailboxApi.CreateAsync(client, new
        {
            name = "Carol POP3",
            address = "carol@test.local",
            inbound = new
            {
                protocol = "pop3", host = "127.0.0.1", port = peers.Pop3sPort, security = "ssl", username = "carol",
                password = MailServersFixture.Password, acceptInvalidCertificate = true,
            },
        });
        var id = mailbox.GetProperty("id").GetString()!;
        await MailboxApi.WaitForStatusAsync(client, id, "idle", TimeSpan.FromSeconds(20));

        await SubmitAsync("alice", "carol@test.local", "pop3 arrival 1");
        await SubmitAsync("alice", "carol@test.local", "pop3 arrival 2");
        await MailboxApi.WaitForInboundAsync(client, id, "pop3 arrival", 2, TimeSpan.FromSeconds(15));

        // Several more polls: still each message once.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var list = await client.GetFromJsonAsync<JsonElement>($"/api/inbound/messages?mailbox={id}&subject=pop3%20arrival");
        Assert.Equal(2, list.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task A_test_send_goes_out_through_the_mailboxs_SMTP_and_arrives_in_Dovecot_and_in_its_Sent_folder()
    {
        using var client = await host.CreateClientAsync();
        var mailbox = await MailboxApi.CreateAsync(client, new
        {
            name = "Bench Sender",
            address = "bench@test.local",
            enabled = false,
            saveToSent = true,
            inbound = new
            {
                protocol = "imap", host = "127.0.0.1", port = peers.ImapsPort, security = "ssl", username = "bench",
                password = MailServersFixture.Password, acceptInvalidCertificate = true,
            },
            outbound = new { host = "127.0.0.1", port = peers.SubmissionPort, security = "starttls", acceptInvalidCertificate = true },
        });
        var id = mailbox.GetProperty("id").GetString()!;

        var test = await (await client.PostAsJsonAsync($"/api/channels/mailboxes/{id}/test", new { })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(test.GetProperty("ok").GetBoolean(), test.ToString());

        var sent = await client.PostAsJsonAsync($"/api/channels/mailboxes/{id}/test-send", new { to = "alice@test.local" });
        var messageId = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetString()!;

        Assert.True(await HasMessageAsync("alice", "INBOX", messageId, TimeSpan.FromSeconds(20)), "the test mail did not reach alice's INBOX");
        Assert.True(await HasMessageAsync("bench", "Sent", messageId, TimeSpan.FromSeconds(20)), "the test mail was not saved in bench's Sent folder");
    }

    [Fact]
    public async Task The_connection_test_reports_the_steps_mailhub_check_runs_for_each_server_and_each_folder()
    {
        using var client = await host.CreateClientAsync();
        var response = await client.PostAsJsonAsync("/api/channels/mailboxes/test", new
        {
            name = "Alice unsaved",
            address = "alice@test.local",
            inbound = new
            {
                protocol = "imap", host = "127.0.0.1", port = peers.ImapsPort, security = "ssl", username = "alice",
                password = MailServersFixture.Password, acceptInvalidCertificate = true, folders = new[] { "INBOX", "No Such Folder" },
            },
            outbound = new
            {
                host = "127.0.0.1", port = peers.SubmissionPort, security = "starttls", username = "alice",
                password = MailServersFixture.Password, acceptInvalidCertificate = true,
            },
        });
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        var steps = report.GetProperty("steps").EnumerateArray()
            .Select(s => (Step: s.GetProperty("step").GetString(), Ok: s.GetProperty("ok").GetBoolean(), Message: s.GetProperty("message").GetString()!))
            .ToList();

        Assert.Equal(
            [("resolve", true), ("connect", true), ("tls", true), ("login", true), ("open folder", true), ("open folder", false),
             ("smtp resolve", true), ("smtp connect", true), ("smtp tls", true), ("smtp login", true)],
            steps.Select(s => (s.Step, s.Ok)));
        Assert.False(report.GetProperty("ok").GetBoolean());
        Assert.Contains("capabilities", steps[1].Message, StringComparison.Ordinal);
        Assert.StartsWith("INBOX: ", steps[4].Message, StringComparison.Ordinal);
        Assert.Contains("No Such Folder", steps[5].Message, StringComparison.Ordinal);
        Assert.Contains("AUTH", steps[7].Message, StringComparison.Ordinal);
        Assert.DoesNotContain(steps, s => s.Message.Contains(MailServersFixture.Password, StringComparison.Ordinal));
    }

    /// <summary>Submits a mail through Postfix (which delivers into Dovecot), as a customer's mail server would.</summary>
    private async Task SubmitAsync(string user, string to, string subject) => await SubmitAsync(peers, user, to, subject);

    internal static async Task SubmitAsync(MailServersFixture peers, string user, string to, string subject)
    {
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(peers.Submission);
        await smtp.AuthenticateAsync(user, MailServersFixture.Password);
        var message = $"From: {user}@test.local\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: <{Guid.NewGuid():N}@test.local>\r\n\r\nHello\r\n";
        await smtp.SendAsync(await MimeMessage.LoadAsync(new MemoryStream(Encoding.UTF8.GetBytes(message))));
        await smtp.DisconnectAsync(true);
    }

    private async Task<bool> HasMessageAsync(string user, string folder, string messageId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            using (var imap = await ImapSession.OpenAsync(peers.Imaps, user, MailServersFixture.Password, oauth2: false))
            {
                var open = await imap.OpenFolderAsync(peers.Imaps, folder, FolderAccess.ReadOnly);
                if (open.Count > 0)
                {
                    var summaries = await open.FetchAsync(0, -1, MessageSummaryItems.Envelope);
                    if (summaries.Any(s => s.Envelope?.MessageId?.Trim('<', '>') == messageId))
                        return true;
                }
                await imap.DisconnectQuietlyAsync();
            }
            await Task.Delay(250);
        }
        return false;
    }
}
