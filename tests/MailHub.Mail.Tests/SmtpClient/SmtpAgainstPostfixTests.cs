using System.Text;
using MailHub.Mail.Imap;
using MailHub.Mail.Net;
using MailHub.Mail.Smtp.Client;
using MailHub.Mail.Tests.Net;

namespace MailHub.Mail.Tests.SmtpClient;

[Collection(MailServersCollection.Name)]
public sealed class SmtpAgainstPostfixTests(MailServersFixture servers)
{
    private static MemoryStream Message(string subject, string body) => new(Encoding.UTF8.GetBytes(
        $"From: alice@test.local\r\nTo: bob@test.local\r\nSubject: {subject}\r\nMessage-ID: <{Guid.NewGuid():N}@test.local>\r\n\r\n{body}"));

    private async Task<Smtp.Client.SmtpClient> ConnectAsync(MailEndpoint? endpoint = null)
    {
        var client = await Smtp.Client.SmtpClient.ConnectAsync(endpoint ?? servers.Submission);
        await client.AuthenticateAsync("alice", MailServersFixture.Password);
        return client;
    }

    private async Task<string?> WaitForSubjectAsync(string user, string subject)
    {
        await using var imap = await ImapClient.ConnectAsync(servers.Imaps);
        await imap.LoginAsync(user, MailServersFixture.Password);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            await imap.ExamineAsync("INBOX");
            string? found = null;
            await imap.FetchAsync(UidSet.All, ImapFetchItems.Envelope, async (body, ct) =>
            {
                using var reader = new StreamReader(body.Content);
                var text = await reader.ReadToEndAsync(ct);
                if (text.Contains("Subject: " + subject, StringComparison.Ordinal))
                    found = text;
            });
            if (found is not null)
                return found;
            await Task.Delay(100);
        }
        return null;
    }

    [Fact]
    public async Task A_message_goes_through_STARTTLS_and_AUTH_and_lands_in_the_INBOX_with_dots_intact()
    {
        await using var client = await ConnectAsync();
        Assert.True(client.IsSecure);
        Assert.True(client.Capabilities.Pipelining);
        var subject = "Hello " + Guid.NewGuid().ToString("N")[..8];
        var result = await client.SendAsync(new SmtpEnvelope("alice@test.local", ["bob@test.local"]),
            Message(subject, "Line\r\n.leading dot\r\nlast line without newline"));
        Assert.Single(result.Accepted);
        var delivered = await WaitForSubjectAsync("bob", subject);
        Assert.NotNull(delivered);
        Assert.Contains("\r\n.leading dot\r\n", delivered, StringComparison.Ordinal);
        await client.QuitAsync();
    }

    [Fact]
    public async Task A_refused_recipient_does_not_stop_the_others_and_a_second_message_follows_on_the_same_connection()
    {
        await using var client = await ConnectAsync();
        var subject = "Multi " + Guid.NewGuid().ToString("N")[..8];
        var result = await client.SendAsync(new SmtpEnvelope("alice@test.local", ["bob@test.local", "refused@test.local", "alice@test.local"]),
            Message(subject, "Hi all.\r\n"));
        Assert.Equal(["bob@test.local", "alice@test.local"], result.Accepted.Select(r => r.Address));
        var refused = Assert.Single(result.Refused);
        Assert.Equal(554, refused.Reply.Code);

        var second = await client.SendAsync(new SmtpEnvelope("alice@test.local", ["bob@test.local"]), Message(subject + " again", "Second.\r\n"),
            new SmtpMessageOptions { Has8BitContent = true });
        Assert.Single(second.Accepted);
        Assert.NotNull(await WaitForSubjectAsync("alice", subject));
        Assert.NotNull(await WaitForSubjectAsync("bob", subject + " again"));
    }

    [Fact]
    public async Task Every_recipient_refused_is_a_rejected_message()
    {
        await using var client = await ConnectAsync();
        var e = await Assert.ThrowsAsync<MailProtocolException>(() =>
            client.SendAsync(new SmtpEnvelope("alice@test.local", ["refused@test.local"]), Message("x", "x\r\n")));
        Assert.Equal(MailErrorKind.MessageRejected, e.Kind);
        // The connection is still good for the next message.
        await client.NoopAsync();
    }

    [Fact]
    public async Task A_message_over_the_advertised_SIZE_is_refused_before_sending()
    {
        await using var client = await ConnectAsync();
        Assert.True(client.Capabilities.MaxSize > 0);
        var big = new MemoryStream(new byte[client.Capabilities.MaxSize + 1]);
        var e = await Assert.ThrowsAsync<MailProtocolException>(() =>
            client.SendAsync(new SmtpEnvelope("alice@test.local", ["bob@test.local"]), big));
        Assert.Equal(MailErrorKind.MessageRejected, e.Kind);
        Assert.Contains("at most", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_an_authentication_failure_and_AUTH_needs_TLS_first()
    {
        await using var client = await Smtp.Client.SmtpClient.ConnectAsync(servers.Submission);
        var e = await Assert.ThrowsAsync<MailProtocolException>(() => client.AuthenticateAsync("alice", "wrong"));
        Assert.Equal(MailErrorKind.AuthenticationFailed, e.Kind);

        await using var plain = await Smtp.Client.SmtpClient.ConnectAsync(servers.Submission with { Security = MailSecurity.None });
        var notOffered = await Assert.ThrowsAsync<MailProtocolException>(() => plain.AuthenticateAsync("alice", MailServersFixture.Password));
        Assert.Contains("STARTTLS", notOffered.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AUTH_LOGIN_works_and_hides_user_and_password_in_the_log()
    {
        var log = new List<string>();
        await using var client = await Smtp.Client.SmtpClient.ConnectAsync(servers.Submission with { ProtocolLog = log.Add });
        await client.AuthenticateAsync("alice", MailServersFixture.Password, "LOGIN");
        Assert.True(client.IsAuthenticated);
        Assert.Contains("C: AUTH LOGIN", log);
        Assert.DoesNotContain(log, l => l.Contains("YWxpY2U=", StringComparison.Ordinal) || l.Contains("c2VjcmV0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_large_message_streams_through_BDAT()
    {
        var log = new List<string>();
        await using var client = await ConnectAsync(servers.Submission with { ProtocolLog = log.Add });
        Assert.True(client.Capabilities.Chunking);
        var subject = "Big " + Guid.NewGuid().ToString("N")[..8];
        var body = string.Concat(Enumerable.Repeat(new string('x', 76) + "\r\n", 20_000));
        var result = await client.SendAsync(new SmtpEnvelope("alice@test.local", ["bob@test.local"]), Message(subject, body));
        Assert.Single(result.Accepted);
        Assert.True(log.Count(l => l.StartsWith("C: BDAT", StringComparison.Ordinal)) > 1);
        Assert.DoesNotContain(log, l => l.Contains(MailServersFixture.Password, StringComparison.Ordinal) || l.Contains("AGFsaWNl", StringComparison.Ordinal));
    }
}
