using System.Text;
using MailHub.Mail.Imap;
using MailHub.Mail.Net;
using MailHub.Mail.Tests.Net;

namespace MailHub.Mail.Tests.Imap;

/// <summary>Recorded provider quirks no local server shows, replayed by a fake server (some one byte at a time).</summary>
public sealed class ImapTranscriptTests
{
    private static MailEndpoint Endpoint(ScriptedServer server, MailProvider? provider = null)
    {
        var endpoint = new MailEndpoint("127.0.0.1", server.Port, MailSecurity.None) { CommandTimeout = TimeSpan.FromSeconds(10) };
        return provider is { } p ? endpoint with { Provider = p } : endpoint;
    }

    [Fact]
    public async Task NetEase_gets_ID_after_login_even_when_it_does_not_advertise_it()
    {
        await using var server = new ScriptedServer { OneByteAtATime = true }.Script("""
            S: * OK Coremail System IMap Server Ready(163com[10.0.0.1])
            C: A0001 CAPABILITY
            S: * CAPABILITY IMAP4rev1 XLIST SPECIAL-USE LITERAL+ UIDPLUS MOVE
            S: A0001 OK CAPABILITY completed
            C: A0002 LOGIN "service@163.com" "auth-code"
            S: A0002 OK LOGIN completed
            C: A0003 CAPABILITY
            S: * CAPABILITY IMAP4rev1 XLIST SPECIAL-USE LITERAL+ UIDPLUS MOVE
            S: A0003 OK CAPABILITY completed
            C~ A0004 ID \("name" "MailHub" "version" "[0-9.]+" "vendor" "MailHub"\)
            S: * ID ("name" "Coremail Imap" "vendor" "Mailtech" "TransID" "abc")
            S: A0004 OK ID completed
            C: A0005 SELECT "INBOX"
            S: * 3 EXISTS
            S: * OK [UIDVALIDITY 1] UID validity status
            S: * OK [UIDNEXT 4] Predicted next UID
            S: A0005 OK [READ-WRITE] SELECT complete
            """).Start();
        await using var client = await ImapClient.ConnectAsync(Endpoint(server, MailProvider.NetEase));
        await client.LoginAsync("service@163.com", "auth-code");
        var inbox = await client.SelectAsync();
        Assert.Equal(3u, inbox.Exists);
        Assert.Equal("Coremail Imap", client.ServerId?["name"]);
        await server.Completion;
    }

    [Fact]
    public async Task SELECT_refused_as_Unsafe_Login_is_retried_once_after_ID()
    {
        await using var server = new ScriptedServer().Script("""
            S: * OK [CAPABILITY IMAP4rev1 LITERAL+] ready
            C: A0001 LOGIN "service@126.com" "auth-code"
            S: A0001 OK [CAPABILITY IMAP4rev1 LITERAL+ UIDPLUS] LOGIN completed
            C: A0002 SELECT "INBOX"
            S: A0002 NO SELECT Unsafe Login. Please contact kefu@188.com for help
            C~ A0003 ID \(.*\)
            S: A0003 OK ID completed
            C: A0004 SELECT "INBOX"
            S: * 0 EXISTS
            S: A0004 OK [READ-WRITE] SELECT complete
            """).Start();
        await using var client = await ImapClient.ConnectAsync(Endpoint(server));
        await client.LoginAsync("service@126.com", "auth-code");
        Assert.Equal(0u, (await client.SelectAsync()).Exists);
        await server.Completion;
    }

    [Fact]
    public async Task Gmail_ALERT_on_login_reaches_the_user_with_the_app_password_hint()
    {
        await using var server = new ScriptedServer().Script("""
            S: * OK Gimap ready for requests from 203.0.113.9 r1mb
            C: A0001 CAPABILITY
            S: * CAPABILITY IMAP4rev1 UNSELECT IDLE NAMESPACE QUOTA ID XLIST CHILDREN X-GM-EXT-1 XYZZY SASL-IR AUTH=XOAUTH2 AUTH=PLAIN AUTH=PLAIN-CLIENTTOKEN AUTH=OAUTHBEARER
            S: A0001 OK Thats all she wrote! r1mb
            C: A0002 LOGIN "someone@gmail.com" ********
            S: A0002 NO [ALERT] Application-specific password required: https://support.google.com/accounts/answer/185833 (Failure)
            """.Replace("********", "\"account-password\"", StringComparison.Ordinal)).Start();
        var alerts = new List<string>();
        await using var client = await ImapClient.ConnectAsync(Endpoint(server, MailProvider.Gmail));
        client.AlertReceived = alerts.Add;
        var e = await Assert.ThrowsAsync<MailProtocolException>(() => client.LoginAsync("someone@gmail.com", "account-password"));
        Assert.Equal(MailErrorKind.AuthenticationFailed, e.Kind);
        Assert.Contains("app password", e.Message, StringComparison.Ordinal);
        Assert.Contains("Application-specific password required", e.Message, StringComparison.Ordinal);
        Assert.Single(alerts);
    }

    [Fact]
    public async Task An_XOAUTH2_error_challenge_is_answered_with_an_empty_line()
    {
        await using var server = new ScriptedServer().Script("""
            S: * OK The Microsoft Exchange IMAP4 service is ready.
            C: A0001 CAPABILITY
            S: * CAPABILITY IMAP4 IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2 SASL-IR UIDPLUS MOVE ID UNSELECT CHILDREN IDLE NAMESPACE LITERAL+
            S: A0001 OK CAPABILITY completed.
            C~ A0002 AUTHENTICATE XOAUTH2 [A-Za-z0-9+/=]+
            S: + eyJzdGF0dXMiOiI0MDEiLCJzY2hlbWVzIjoiQmVhcmVyIiwic2NvcGUiOiJodHRwczovL291dGxvb2sub2ZmaWNlLmNvbS9JTUFQLkFjY2Vzc0FzVXNlci5BbGwifQ==
            C:
            S: A0002 NO AUTHENTICATE failed.
            """).Start();
        await using var client = await ImapClient.ConnectAsync(Endpoint(server, MailProvider.Outlook));
        var e = await Assert.ThrowsAsync<MailProtocolException>(() => client.AuthenticateOAuth2Async("agent@contoso.com", "expired-token"));
        Assert.Equal(MailErrorKind.AuthenticationFailed, e.Kind);
        Assert.Contains("OAuth2", e.Message, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"401\"", e.Message, StringComparison.Ordinal);
        await server.Completion;
    }

    [Fact]
    public async Task FETCH_parses_literals_NIL_escapes_8bit_text_and_untagged_data_sent_one_byte_at_a_time()
    {
        await using var server = new ScriptedServer { OneByteAtATime = true }.Script("""
            S: * OK [CAPABILITY IMAP4rev1 LITERAL+ UIDPLUS] ready
            C: A0001 LOGIN "u" "p"
            S: A0001 OK [CAPABILITY IMAP4rev1 LITERAL+ UIDPLUS MOVE] done
            C: A0002 SELECT "INBOX"
            S: * FLAGS (\Answered \Seen)
            S: * 2 EXISTS
            S: * OK [UIDVALIDITY 7] v
            S: * OK [UIDNEXT 12] n
            S: A0002 OK [READ-WRITE] selected
            C: A0003 UID FETCH 1:* (UID FLAGS RFC822.SIZE INTERNALDATE ENVELOPE BODY.PEEK[])
            S: * 1 FETCH (UID 10 FLAGS (\Seen $Label1) RFC822.SIZE 13 INTERNALDATE "21-Nov-2025 10:00:00 +0800" ENVELOPE ("Fri, 21 Nov 2025 10:00:00 +0800" "=?UTF-8?B?5L2g5aW9?=" (("Zhang \"San\"" NIL "zhang" "example.com")) NIL NIL ((NIL NIL "alice" "test.local")) NIL NIL NIL "<m1@example.com>") BODY[] {13}
            S: Hello world
            S: )
            S: * 2 FETCH (FLAGS () RFC822.SIZE 3 INTERNALDATE " 1-Jan-2024 00:00:00 +0000" ENVELOPE (NIL "主题 \\ \"引号\"" NIL NIL NIL NIL NIL NIL NIL NIL) BODY[] {3}
            S: x
            S:  UID 11)
            S: * 3 EXISTS
            S: A0003 OK fetched
            C: A0004 LOGOUT
            S: * BYE see you
            S: A0004 OK done
            """).Start();
        await using var client = await ImapClient.ConnectAsync(Endpoint(server));
        await client.LoginAsync("u", "p");
        var status = await client.SelectAsync();
        Assert.Equal((7u, 12u, 2u), (status.UidValidity, status.UidNext, status.Exists));

        var bodies = new List<(uint Seq, uint? Uid, string Text)>();
        var summaries = await client.FetchAsync(UidSet.All, ImapFetchItems.Summary, async (body, ct) =>
        {
            var buffer = new byte[body.Length];
            var read = 0;
            while (read < buffer.Length)
                read += await body.Content.ReadAsync(buffer.AsMemory(read), ct);
            bodies.Add((body.SequenceNumber, body.Uid, Encoding.UTF8.GetString(buffer)));
        });

        Assert.Equal([(1u, (uint?)10u, "Hello world\r\n"), (2u, null, "x\r\n")], bodies);
        var first = summaries[0];
        Assert.Equal(10u, first.Uid);
        Assert.Equal([@"\Seen", "$Label1"], first.Flags);
        Assert.Equal(13, first.Size);
        Assert.Equal(new DateTimeOffset(2025, 11, 21, 10, 0, 0, TimeSpan.FromHours(8)), first.InternalDate);
        Assert.Equal("Zhang \"San\" <zhang@example.com>", first.Envelope!.From.Single().ToString());
        Assert.Equal("alice@test.local", first.Envelope.To.Single().Address);
        Assert.Empty(first.Envelope.Cc);
        Assert.Equal("<m1@example.com>", first.Envelope.MessageId);
        var second = summaries[1];
        Assert.Equal(11u, second.Uid);
        Assert.Empty(second.Flags);
        Assert.Equal("主题 \\ \"引号\"", second.Envelope!.Subject);
        Assert.Null(second.Envelope.Date);
        Assert.Equal(3u, client.SelectedFolder!.Exists);

        await client.LogoutAsync();
        await server.Completion;
    }

    [Fact]
    public async Task Without_IDLE_or_LITERAL_plus_it_polls_with_NOOP_and_waits_for_the_continuation_before_a_literal()
    {
        await using var server = new ScriptedServer().Script("""
            S: * OK [CAPABILITY IMAP4rev1] old server
            C: A0001 LOGIN "u" "p"
            S: A0001 OK [CAPABILITY IMAP4rev1 UIDPLUS] done
            C: A0002 APPEND "Sent" (\Seen) {5}
            S: + Ready for literal data
            C: Hello
            S: A0002 OK [APPENDUID 9 42] APPEND completed
            C: A0003 SELECT "INBOX"
            S: * 1 EXISTS
            S: A0003 OK [READ-WRITE] done
            C: A0004 NOOP
            S: A0004 OK nothing new
            C: A0005 NOOP
            S: * 2 EXISTS
            S: * 1 RECENT
            S: A0005 OK done
            """).Start();
        await using var client = await ImapClient.ConnectAsync(Endpoint(server));
        client.PollInterval = TimeSpan.FromMilliseconds(50);
        await client.LoginAsync("u", "p");
        Assert.Equal(42u, await client.AppendAsync("Sent", new MemoryStream("Hello"u8.ToArray()), [@"\Seen"]));
        await client.SelectAsync();
        Assert.Equal(2u, await client.WaitForNewMessagesAsync());
        await server.Completion;
    }

    [Fact]
    public async Task A_silent_server_is_a_timeout_and_the_callers_cancellation_stays_a_cancellation()
    {
        await using (var silent = new ScriptedServer().Script("""
            S: * OK ready
            C: A0001 CAPABILITY
            """).Start())
        {
            var endpoint = Endpoint(silent) with { CommandTimeout = TimeSpan.FromMilliseconds(300) };
            await Assert.ThrowsAsync<TimeoutException>(() => ImapClient.ConnectAsync(endpoint));
        }
        await using (var silent = new ScriptedServer().Script("""
            S: * OK ready
            C: A0001 CAPABILITY
            """).Start())
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ImapClient.ConnectAsync(Endpoint(silent), cts.Token));
        }
    }
}
