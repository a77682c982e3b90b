using MailHub.Mail.Imap;
using MailHub.Mail.Net;
using MailHub.Mail.Tests.Net;

namespace MailHub.Mail.Tests.Imap;

/// <summary>
/// ExpungeUidsAsync removes only the UIDs it is given: UID EXPUNGE with UIDPLUS (RFC 4315 §2.1); without it, other
/// clients' \Deleted marks are lifted around a plain EXPUNGE and put back (RFC 4549 §4.2.4). Dovecot offers UIDPLUS,
/// so the fallback is played by a scripted server.
/// </summary>
public sealed class ImapExpungeTests
{
    private const string Login = """
        C: A0001 LOGIN "user" "password"
        S: A0001 OK [CAPABILITY IMAP4rev1 LITERAL+] done
        C: A0002 SELECT "INBOX"
        S: * 5 EXISTS
        S: * OK [UIDVALIDITY 7] UIDs valid
        S: * OK [UIDNEXT 6] next
        S: A0002 OK [READ-WRITE] SELECT done
        """;

    private static async Task<ImapClient> OpenAsync(ScriptedServer server)
    {
        var client = await ImapClient.ConnectAsync(new MailEndpoint("127.0.0.1", server.Port, MailSecurity.None) { CommandTimeout = TimeSpan.FromSeconds(10) });
        await client.LoginAsync("user", "password");
        await client.SelectAsync();
        return client;
    }

    [Fact]
    public async Task With_UIDPLUS_only_the_given_UIDs_are_expunged()
    {
        await using var server = new ScriptedServer().Script("S: * OK [CAPABILITY IMAP4rev1 LITERAL+ UIDPLUS] ready\n"
            + Login.Replace("LITERAL+]", "LITERAL+ UIDPLUS]", StringComparison.Ordinal) + """

            C: A0003 UID EXPUNGE 3:4
            S: * 3 EXPUNGE
            S: * 3 EXPUNGE
            S: A0003 OK expunged
            """).Start();
        await using var client = await OpenAsync(server);
        await client.ExpungeUidsAsync(UidSet.Of([3, 4]));
        await server.Completion;
        Assert.Equal(3u, client.SelectedFolder!.Exists);
    }

    [Fact]
    public async Task Without_UIDPLUS_other_clients_Deleted_marks_are_lifted_around_the_EXPUNGE_and_put_back()
    {
        await using var server = new ScriptedServer().Script("S: * OK [CAPABILITY IMAP4rev1 LITERAL+] ready\n" + Login + """

            C: A0003 UID SEARCH DELETED NOT (UID 3:4)
            S: * SEARCH 2 5
            S: A0003 OK searched
            C: A0004 UID STORE 2,5 -FLAGS.SILENT (\Deleted)
            S: A0004 OK stored
            C: A0005 EXPUNGE
            S: * 3 EXPUNGE
            S: * 3 EXPUNGE
            S: A0005 OK expunged
            C: A0006 UID STORE 2,5 +FLAGS.SILENT (\Deleted)
            S: A0006 OK stored
            """).Start();
        await using var client = await OpenAsync(server);
        await client.ExpungeUidsAsync(UidSet.Of([3, 4]));
        await server.Completion;
    }

    [Fact]
    public async Task Without_UIDPLUS_and_no_other_Deleted_message_a_plain_EXPUNGE_is_exact()
    {
        await using var server = new ScriptedServer().Script("S: * OK [CAPABILITY IMAP4rev1 LITERAL+] ready\n" + Login + """

            C: A0003 UID SEARCH DELETED NOT (UID 3)
            S: * SEARCH
            S: A0003 OK searched
            C: A0004 EXPUNGE
            S: * 3 EXPUNGE
            S: A0004 OK expunged
            """).Start();
        await using var client = await OpenAsync(server);
        await client.ExpungeUidsAsync(UidSet.Single(3));
        await server.Completion;
        Assert.Equal(4u, client.SelectedFolder!.Exists);
    }
}
