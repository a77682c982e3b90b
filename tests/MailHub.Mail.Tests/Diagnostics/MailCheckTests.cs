using MailHub.Mail.Diagnostics;
using MailHub.Mail.Net;
using MailHub.Mail.Tests.Net;

namespace MailHub.Mail.Tests.Diagnostics;

/// <summary>The check behind the mailbox connection test and `mailhub check`, against the private Dovecot and Postfix.</summary>
[Collection(MailServersCollection.Name)]
public sealed class MailCheckTests(MailServersFixture servers)
{
    [Fact]
    public async Task IMAP_runs_every_step_and_a_missing_folder_fails_alone_with_its_kind()
    {
        var seen = new List<string>();
        var steps = await MailCheck.RunAsync(new MailCheckRequest(MailProtocol.Imap, servers.Imaps, "alice", MailServersFixture.Password)
        {
            Folders = ["INBOX", "No Such Folder"],
        }, step => seen.Add(step.Name));

        Assert.Equal([MailCheck.Resolve, MailCheck.Connect, MailCheck.Tls, MailCheck.Greeting, MailCheck.Login, MailCheck.OpenFolder, MailCheck.OpenFolder],
            steps.Select(s => s.Name));
        Assert.Equal(seen, steps.Select(s => s.Name)); // reported live, in order
        Assert.All(steps.Take(6), s => Assert.Equal(MailCheckStatus.Passed, s.Status));
        Assert.Contains("certificate not checked", steps[2].Detail, StringComparison.Ordinal);
        Assert.Equal("INBOX", steps[5].Folder);
        var missing = steps[6];
        Assert.Equal(("No Such Folder", MailCheckStatus.Failed, nameof(MailErrorKind.MailboxNotFound)), (missing.Folder, missing.Status, missing.ErrorKind));
    }

    [Fact]
    public async Task A_wrong_POP3_password_stops_at_login_with_an_actionable_message_and_no_secret()
    {
        var steps = await MailCheck.RunAsync(new MailCheckRequest(MailProtocol.Pop3, servers.Pop3s, "alice", "wrong-password"));

        var last = steps[^1];
        Assert.Equal((MailCheck.Login, MailCheckStatus.Failed, nameof(MailErrorKind.AuthenticationFailed)), (last.Name, last.Status, last.ErrorKind));
        Assert.DoesNotContain("wrong-password", last.Detail, StringComparison.Ordinal);
        Assert.All(steps.SkipLast(1), s => Assert.True(s.Ok));
    }

    [Fact]
    public async Task SMTP_over_STARTTLS_checks_AUTH_or_warns_that_there_are_no_credentials()
    {
        var withAuth = await MailCheck.RunAsync(new MailCheckRequest(MailProtocol.Smtp, servers.Submission, "alice", MailServersFixture.Password));
        Assert.All(withAuth, s => Assert.Equal(MailCheckStatus.Passed, s.Status));
        Assert.Contains("STARTTLS", withAuth.Single(s => s.Name == MailCheck.Tls).Detail, StringComparison.Ordinal);
        Assert.Contains("AUTH", withAuth.Single(s => s.Name == MailCheck.Greeting).Detail, StringComparison.Ordinal);

        var anonymous = await MailCheck.RunAsync(new MailCheckRequest(MailProtocol.Smtp, servers.Submission, "", null));
        Assert.Equal(MailCheckStatus.Warning, anonymous[^1].Status);
        Assert.Equal(MailCheck.Login, anonymous[^1].Name);
    }

    [Fact]
    public async Task An_untrusted_certificate_fails_at_TLS_after_connecting()
    {
        var steps = await MailCheck.RunAsync(new MailCheckRequest(MailProtocol.Imap, servers.Imaps with { AcceptInvalidCertificate = false }, "alice", "x"));

        Assert.Equal([(MailCheck.Resolve, true), (MailCheck.Connect, true), (MailCheck.Tls, false)], steps.Select(s => (s.Name, s.Ok)));
        Assert.Equal(nameof(MailErrorKind.TlsFailure), steps[^1].ErrorKind);
    }
}
