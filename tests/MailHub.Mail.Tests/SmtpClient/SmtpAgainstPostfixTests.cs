using System.Text;
using MailHub.Mail.Net;
using MailHub.Mail.Smtp.Submission;
using MailHub.Mail.Tests.Net;
using MailHub.Testing;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MimeKit;

namespace MailHub.Mail.Tests.SmtpClient;

/// <summary>The real Postfix as the provider's submission server (STARTTLS, AUTH through Dovecot), and Dovecot's INBOX as what the recipient sees.</summary>
[Collection(MailServersCollection.Name)]
public sealed class SmtpAgainstPostfixTests(MailServersFixture servers)
{
    private static readonly SubmissionCredentials Alice = new("alice", MailServersFixture.Password);

    private static byte[] Message(string subject, string body, string from = "alice@test.local") => Encoding.UTF8.GetBytes(
        $"From: {from}\r\nTo: bob@test.local\r\nSubject: {subject}\r\nMessage-ID: <{Guid.NewGuid():N}@test.local>\r\n"
        + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body);

    private static string Unique(string prefix) => prefix + " " + Guid.NewGuid().ToString("N")[..8];

    /// <summary>The message with this subject as it landed in the user's INBOX (Postfix hands it to Dovecot over LMTP).</summary>
    private async Task<MimeMessage?> ReceivedAsync(string user, string subject)
    {
        using var imap = new ImapClient();
        await imap.ConnectAsync(servers.Imaps, CancellationToken.None);
        await imap.AuthenticateAsync(user, MailServersFixture.Password);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            await imap.Inbox.OpenAsync(FolderAccess.ReadOnly);
            if (await imap.Inbox.SearchAsync(SearchQuery.SubjectContains(subject)) is [var uid, ..])
                return await imap.Inbox.GetMessageAsync(uid);
            await imap.Inbox.CloseAsync();
            await Task.Delay(100);
        }
        return null;
    }

    [Fact]
    public async Task A_message_goes_through_STARTTLS_and_AUTH_and_lands_in_the_INBOX_with_its_Message_ID_and_dots_intact()
    {
        var subject = Unique("Hello");
        var content = Message(subject, "Line\r\n.leading dot\r\nlast line without newline");
        var replies = await SmtpSubmission.SendAsync(servers.Submission, Alice, new("alice@test.local", ["bob@test.local"], content));

        Assert.True(Assert.Single(replies).Accepted);
        var delivered = await ReceivedAsync("bob", subject);
        Assert.NotNull(delivered);
        Assert.Equal(MimeMessage.Load(new MemoryStream(content)).MessageId, delivered.MessageId);
        Assert.Equal("Line\n.leading dot\nlast line without newline", delivered.TextBody?.ReplaceLineEndings("\n").TrimEnd('\n'));
    }

    [Fact]
    public async Task A_megabyte_of_lines_starting_with_dots_reaches_the_INBOX_intact_from_Postfix_which_offers_CHUNKING()
    {
        var subject = Unique("Dotted");
        var body = DottedMail.Body(1 << 20);
        var content = DottedMail.Message("alice@test.local", "bob@test.local", subject, $"{Guid.NewGuid():N}@test.local", body);
        var offered = new List<string>();
        var replies = await SmtpSubmission.SendAsync(servers.Submission with { ProtocolLog = l => { if (l.StartsWith("S: 250", StringComparison.Ordinal)) offered.Add(l); } },
            Alice, new("alice@test.local", ["bob@test.local"], content));

        Assert.Contains(offered, l => l is "S: 250-CHUNKING" or "S: 250 CHUNKING");
        Assert.True(Assert.Single(replies).Accepted);
        var delivered = await ReceivedAsync("bob", subject);
        Assert.NotNull(delivered);
        Assert.Equal(body.ReplaceLineEndings("\n"), delivered.TextBody?.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task A_refused_recipient_keeps_Postfixs_words_and_does_not_stop_the_others()
    {
        var subject = Unique("Multi");
        var replies = await SmtpSubmission.SendAsync(servers.Submission, Alice,
            new("alice@test.local", ["bob@test.local", "refused@test.local", "alice@test.local"], Message(subject, "Hi all.\r\n")));

        Assert.Equal([true, false, true], replies.Select(r => r.Accepted));
        Assert.Equal(554, replies[1].Code);
        Assert.Contains("no such mailbox here", replies[1].Text, StringComparison.Ordinal);
        Assert.NotNull(await ReceivedAsync("bob", subject));
        Assert.NotNull(await ReceivedAsync("alice", subject));
    }

    [Fact]
    public async Task Every_recipient_refused_is_each_one_refused_for_good()
    {
        var replies = await SmtpSubmission.SendAsync(servers.Submission, Alice,
            new("alice@test.local", ["refused@test.local"], Message("x", "x\r\n")));
        var refused = Assert.Single(replies);
        Assert.False(refused.Accepted);
        Assert.False(refused.IsTransient);
    }

    [Fact]
    public async Task An_internationalized_sender_uses_SMTPUTF8_and_DSN_is_asked_for_with_the_envelope_id()
    {
        var log = new List<string>();
        var replies = await SmtpSubmission.SendAsync(servers.Submission with { ProtocolLog = log.Add }, Alice,
            new("客服@test.local", ["bob@test.local"], Message(Unique("UTF-8"), "你好\r\n")) { EnvelopeId = "outbox-row-1" });

        Assert.True(Assert.Single(replies).Accepted);
        var mail = Assert.Single(log, l => l.StartsWith("C: MAIL FROM:<客服@test.local> SMTPUTF8", StringComparison.Ordinal));
        Assert.Contains(" BODY=8BITMIME", mail, StringComparison.Ordinal);
        Assert.Contains(" ENVID=outbox-row-1 RET=HDRS", mail, StringComparison.Ordinal);
        Assert.Contains(log, l => l.StartsWith("C: RCPT TO:<bob@test.local> NOTIFY=FAILURE,DELAY", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_message_over_Postfixs_SIZE_is_refused_for_good_before_sending()
    {
        var big = Message("big", new string('x', 76) + "\r\n" + string.Concat(Enumerable.Repeat(new string('x', 76) + "\r\n", 70_000)));
        var e = await Assert.ThrowsAsync<SubmissionException>(() =>
            SmtpSubmission.SendAsync(servers.Submission, Alice, new("alice@test.local", ["bob@test.local"], big)));
        Assert.False(e.Retry);
        Assert.Contains("at most 5,000,000", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_a_refused_login_and_AUTH_needs_TLS_first()
    {
        var wrong = await Assert.ThrowsAsync<SubmissionException>(() => SmtpSubmission.SendAsync(servers.Submission, new("alice", "wrong"),
            new("alice@test.local", ["bob@test.local"], Message("x", "x\r\n"))));
        Assert.True(wrong.Retry);
        Assert.Equal(535, wrong.Code);
        Assert.Contains("refused the login", wrong.Message, StringComparison.Ordinal);

        var plain = await Assert.ThrowsAsync<SubmissionException>(() => SmtpSubmission.SendAsync(servers.Submission with { Security = MailSecurity.None },
            Alice, new("alice@test.local", ["bob@test.local"], Message("x", "x\r\n"))));
        Assert.Contains("STARTTLS", plain.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_protocol_log_masks_the_password()
    {
        var log = new List<string>();
        await SmtpSubmission.SendAsync(servers.Submission with { ProtocolLog = log.Add }, Alice,
            new("alice@test.local", ["bob@test.local"], Message(Unique("Log"), "x\r\n")));
        Assert.Contains(log, l => l.StartsWith("C: AUTH PLAIN ", StringComparison.Ordinal));
        Assert.Contains(log, l => l.StartsWith("S: 235", StringComparison.Ordinal));
        Assert.DoesNotContain(log, l => l.Contains(MailServersFixture.Password, StringComparison.Ordinal)
            || l.Contains(Convert.ToBase64String("\0alice\0secret"u8), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_large_message_arrives_whole()
    {
        var subject = Unique("Big");
        var body = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{i:D6} " + new string('x', 69) + "\r\n"));
        var replies = await SmtpSubmission.SendAsync(servers.Submission, Alice, new("alice@test.local", ["bob@test.local"], Message(subject, body)));
        Assert.True(Assert.Single(replies).Accepted);
        Assert.Equal(body.ReplaceLineEndings("\n"), (await ReceivedAsync("bob", subject))?.TextBody?.ReplaceLineEndings("\n"));
    }
}
