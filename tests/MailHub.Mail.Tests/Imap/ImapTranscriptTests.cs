using System.Text;
using MailHub.Mail.Clients;
using MailHub.Mail.Diagnostics;
using MailHub.Mail.Net;
using MailHub.Mail.Tests.Net;
using MailKit;

namespace MailHub.Mail.Tests.Imap;

/// <summary>Recorded provider quirks no local server shows, replayed by a fake server to MailKit's ImapClient through our session layer.</summary>
public sealed class ImapTranscriptTests
{
    /// <summary>What MailKit asks after login on a server without NAMESPACE or SPECIAL-USE: the hierarchy delimiter and INBOX.</summary>
    internal const string Folders = """
        C: {tag} LIST "" ""
        S: * LIST (\Noselect) "/" ""
        S: {tag} OK LIST completed
        C: {tag} LIST "" "INBOX"
        S: * LIST (\HasNoChildren) "/" "INBOX"
        S: {tag} OK LIST completed
        """;

    internal static MailEndpoint Endpoint(ScriptedServer server, MailProvider? provider = null, Action<string>? log = null)
    {
        var endpoint = new MailEndpoint("127.0.0.1", server.Port, MailSecurity.None) { CommandTimeout = TimeSpan.FromSeconds(10), ProtocolLog = log };
        return provider is { } p ? endpoint with { Provider = p } : endpoint;
    }

    [Fact]
    public async Task NetEase_gets_ID_right_after_login_so_its_INBOX_opens_and_the_check_names_the_server()
    {
        await using var server = new ScriptedServer { OneByteAtATime = true }.Script($$"""
            S: * OK Coremail System IMap Server Ready(163com[10.0.0.1])
            C: {tag} CAPABILITY
            S: * CAPABILITY IMAP4rev1 ID LITERAL+ UIDPLUS MOVE
            S: {tag} OK CAPABILITY completed
            C~ {tag} LOGIN "?service@163\.com"? "?auth-code"?
            S: {tag} OK LOGIN completed
            C: {tag} CAPABILITY
            S: * CAPABILITY IMAP4rev1 ID LITERAL+ UIDPLUS MOVE
            S: {tag} OK CAPABILITY completed
            {{Folders}}
            C~ {tag} ID \("name" "MailHub" "version" "[0-9.]+" "vendor" "MailHub"\)
            S: * ID ("name" "Coremail Imap" "vendor" "Mailtech" "TransID" "abc")
            S: {tag} OK ID completed
            C: {tag} EXAMINE INBOX
            S: * 3 EXISTS
            S: * OK [UIDVALIDITY 1] UID validity status
            S: * OK [UIDNEXT 4] Predicted next UID
            S: {tag} OK [READ-ONLY] EXAMINE complete
            C: {tag} LOGOUT
            S: * BYE bye
            S: {tag} OK LOGOUT completed
            """).Start();
        var steps = await MailCheck.RunAsync(new MailCheckRequest(MailProtocol.Imap, Endpoint(server, MailProvider.NetEase), "service@163.com", "auth-code"));

        Assert.All(steps, s => Assert.True(s.Ok, s.Detail));
        Assert.Contains("(server: Coremail Imap)", steps.Single(s => s.Name == MailCheck.Login).Detail, StringComparison.Ordinal);
        Assert.StartsWith("3 messages, UIDVALIDITY 1, UIDNEXT 4", steps.Single(s => s.Name == MailCheck.OpenFolder).Detail, StringComparison.Ordinal);
        await server.Completion;
    }

    [Fact]
    public async Task SELECT_refused_as_Unsafe_Login_is_retried_after_ID_and_then_says_what_NetEase_wants()
    {
        await using var server = new ScriptedServer().Script($$"""
            S: * OK [CAPABILITY IMAP4rev1 ID LITERAL+] ready
            C~ {tag} LOGIN .*
            S: {tag} OK [CAPABILITY IMAP4rev1 ID LITERAL+ UIDPLUS] LOGIN completed
            {{Folders}}
            C~ {tag} ID \(.*\)
            S: {tag} OK ID completed
            C: {tag} SELECT INBOX
            S: {tag} NO SELECT Unsafe Login. Please contact kefu@188.com for help
            C~ {tag} ID \(.*\)
            S: {tag} OK ID completed
            C: {tag} SELECT INBOX
            S: {tag} NO SELECT Unsafe Login. Please contact kefu@188.com for help
            """).Start();
        var endpoint = Endpoint(server, MailProvider.NetEase);
        using var client = await ImapSession.OpenAsync(endpoint, "service@126.com", "account-password", oauth2: false);
        var e = await Assert.ThrowsAsync<MailProtocolException>(() => client.OpenFolderAsync(endpoint, "INBOX", FolderAccess.ReadWrite));
        Assert.Equal(MailErrorKind.AuthenticationFailed, e.Kind);
        Assert.Contains("授权码", e.Message, StringComparison.Ordinal);
        Assert.Contains("Unsafe Login", e.Message, StringComparison.Ordinal);
        await server.Completion;
    }

    [Fact]
    public async Task Gmail_refusing_the_account_password_tells_the_user_about_app_passwords_with_its_ALERT()
    {
        await using var server = new ScriptedServer().Script($$"""
            S: * OK Gimap ready for requests from 203.0.113.9 r1mb
            C: {tag} CAPABILITY
            S: * CAPABILITY IMAP4rev1 UNSELECT IDLE QUOTA ID CHILDREN X-GM-EXT-1 SASL-IR AUTH=PLAIN
            S: {tag} OK Thats all she wrote! r1mb
            C~ {tag} AUTHENTICATE PLAIN [A-Za-z0-9+/=]+
            S: {tag} NO [ALERT] Application-specific password required: https://support.google.com/accounts/answer/185833 (Failure)
            """).Start();
        var steps = await MailCheck.RunAsync(new MailCheckRequest(MailProtocol.Imap, Endpoint(server, MailProvider.Gmail), "someone@gmail.com", "account-password"));

        var login = steps[^1];
        Assert.Equal((MailCheck.Login, MailCheckStatus.Failed, nameof(MailErrorKind.AuthenticationFailed)), (login.Name, login.Status, login.ErrorKind));
        Assert.Contains("app password", login.Detail, StringComparison.Ordinal);
        Assert.Contains("Application-specific password required", login.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("account-password", login.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_Outlook_token_is_refused_with_the_OAuth2_hint_after_its_XOAUTH2_error_challenge()
    {
        await using var server = new ScriptedServer().Script($$"""
            S: * OK The Microsoft Exchange IMAP4 service is ready.
            C: {tag} CAPABILITY
            S: * CAPABILITY IMAP4 IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2 SASL-IR UIDPLUS MOVE ID UNSELECT CHILDREN IDLE LITERAL+
            S: {tag} OK CAPABILITY completed.
            C~ {tag} AUTHENTICATE XOAUTH2 [A-Za-z0-9+/=]+
            S: + eyJzdGF0dXMiOiI0MDEiLCJzY2hlbWVzIjoiQmVhcmVyIiwic2NvcGUiOiJodHRwczovL291dGxvb2sub2ZmaWNlLmNvbS9JTUFQLkFjY2Vzc0FzVXNlci5BbGwifQ==
            C:
            S: {tag} NO AUTHENTICATE failed.
            """).Start();
        var endpoint = Endpoint(server, MailProvider.Outlook);
        using var client = ImapSession.Create(endpoint);
        await client.ConnectAsync(endpoint);
        var e = await Assert.ThrowsAsync<MailProtocolException>(() => client.LoginImapAsync(endpoint, "agent@contoso.com", "expired-token", oauth2: true));
        Assert.Equal(MailErrorKind.AuthenticationFailed, e.Kind);
        Assert.Contains("OAuth2", e.Message, StringComparison.Ordinal);
        await server.Completion;
    }

    [Fact]
    public async Task An_OAuth2_mailbox_logs_in_with_OAUTHBEARER_where_offered_and_the_log_hides_the_token()
    {
        await using var server = new ScriptedServer().Script($$"""
            S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=OAUTHBEARER AUTH=XOAUTH2 AUTH=PLAIN] ready
            C~ {tag} AUTHENTICATE OAUTHBEARER (?<ir>[A-Za-z0-9+/=]+)
            S: {tag} OK [CAPABILITY IMAP4rev1 UIDPLUS] signed in
            {{Folders}}
            """).Start();
        var log = new List<string>();
        var endpoint = Endpoint(server, log: log.Add);
        using var client = await ImapSession.OpenAsync(endpoint, "agent@example.com", "ya29.access-token", oauth2: true);
        await server.Completion;

        Assert.True(client.IsAuthenticated);
        var sent = server.Received.Single(l => l.Contains("AUTHENTICATE", StringComparison.Ordinal)).Split(' ')[^1];
        var response = Encoding.UTF8.GetString(Convert.FromBase64String(sent));
        Assert.StartsWith("n,a=agent@example.com,", response, StringComparison.Ordinal); // RFC 7628 §3.1
        Assert.Contains("\u0001auth=Bearer ya29.access-token\u0001\u0001", response, StringComparison.Ordinal);
        Assert.Contains(log, l => l.Contains("AUTHENTICATE OAUTHBEARER", StringComparison.Ordinal));
        Assert.DoesNotContain(log, l => l.Contains(sent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_IDLE_new_mail_is_noticed_by_polling_with_NOOP()
    {
        await using var server = new ScriptedServer().Script($$"""
            S: * OK [CAPABILITY IMAP4rev1] old server
            C~ {tag} LOGIN .*
            S: {tag} OK [CAPABILITY IMAP4rev1 UIDPLUS] done
            {{Folders}}
            C: {tag} EXAMINE INBOX
            S: * 1 EXISTS
            S: {tag} OK [READ-ONLY] done
            C: {tag} NOOP
            S: {tag} OK nothing new
            C: {tag} NOOP
            S: * 2 EXISTS
            S: * 1 RECENT
            S: {tag} OK done
            """).Start();
        var endpoint = Endpoint(server);
        using var client = await ImapSession.OpenAsync(endpoint, "u", "p", oauth2: false);
        var inbox = await client.OpenFolderAsync(endpoint, "INBOX", FolderAccess.ReadOnly);
        Assert.True(await client.WaitForNewMessagesAsync(inbox, endpoint, TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(50)));
        Assert.Equal(2, inbox.Count);
        await server.Completion;
    }

    [Fact]
    public async Task An_8bit_password_never_reaches_the_log_and_BYE_mid_command_is_a_temporary_failure_with_the_servers_words()
    {
        await using var server = new ScriptedServer().Script($$"""
            S: * OK [CAPABILITY IMAP4rev1 LITERAL+] The Microsoft Exchange IMAP4 service is ready.
            C~ {tag} LOGIN u \{6\+\}
            C: 密码
            S: {tag} OK [CAPABILITY IMAP4rev1 LITERAL+] LOGIN completed.
            {{Folders}}
            C: {tag} EXAMINE INBOX
            S: * BYE Connection is closed. 13
            -- close
            """).Start();
        var log = new List<string>();
        var endpoint = Endpoint(server, log: log.Add);
        using var client = await ImapSession.OpenAsync(endpoint, "u", "密码", oauth2: false);
        var e = await Assert.ThrowsAsync<MailProtocolException>(() => client.OpenFolderAsync(endpoint, "INBOX", FolderAccess.ReadOnly));
        await server.Completion;
        Assert.Equal(MailErrorKind.Temporary, e.Kind);
        Assert.Contains(log, l => l.Contains("LOGIN", StringComparison.Ordinal));
        Assert.DoesNotContain(log, l => l.Contains("密码", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_silent_server_is_a_timeout_and_the_callers_cancellation_stays_a_cancellation()
    {
        await using (var silent = new ScriptedServer().Script($$"""
            S: * OK ready
            C: {tag} CAPABILITY
            """).Start())
        {
            var endpoint = Endpoint(silent) with { CommandTimeout = TimeSpan.FromMilliseconds(300) };
            using var client = ImapSession.Create(endpoint);
            await Assert.ThrowsAsync<TimeoutException>(() => client.ConnectAsync(endpoint));
        }
        await using (var silent = new ScriptedServer().Script($$"""
            S: * OK ready
            C: {tag} CAPABILITY
            """).Start())
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            var endpoint = Endpoint(silent);
            using var client = ImapSession.Create(endpoint);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ConnectAsync(endpoint, cts.Token));
        }
    }
}
