using MailHub.Mail.Clients;
using MailHub.Mail.Tests.Net;
using MailKit;

namespace MailHub.Mail.Tests.Imap;

/// <summary>
/// "Delete on the server" removes only the UIDs MailHub stored, through MailKit's expunge of a UID set: UID EXPUNGE
/// with UIDPLUS (RFC 4315 §2.1); without it, other clients' \Deleted marks are lifted around a plain EXPUNGE and put
/// back (RFC 4549 §4.2.4). Dovecot offers UIDPLUS, so the fallback is played by a scripted server.
/// </summary>
public sealed class ImapExpungeTests
{
    private static string Session(string capabilities) => $$"""
        S: * OK [CAPABILITY {{capabilities}}] ready
        C~ {tag} LOGIN .*
        S: {tag} OK [CAPABILITY {{capabilities}}] done
        {{ImapTranscriptTests.Folders}}
        C: {tag} SELECT INBOX
        S: * 5 EXISTS
        S: * OK [UIDVALIDITY 7] UIDs valid
        S: * OK [UIDNEXT 6] next
        S: {tag} OK [READ-WRITE] SELECT done
        """;

    private static async Task<(MailKit.Net.Imap.ImapClient, IMailFolder)> OpenAsync(ScriptedServer server)
    {
        var endpoint = ImapTranscriptTests.Endpoint(server);
        var client = await ImapSession.OpenAsync(endpoint, "user", "password", oauth2: false);
        return (client, await client.OpenFolderAsync(endpoint, "INBOX", FolderAccess.ReadWrite));
    }

    private static UniqueId[] Uids(params uint[] uids) => [.. uids.Select(u => new UniqueId(7, u))];

    [Fact]
    public async Task With_UIDPLUS_only_the_given_UIDs_are_expunged()
    {
        await using var server = new ScriptedServer().Script(Session("IMAP4rev1 LITERAL+ UIDPLUS") + """

            C: {tag} UID EXPUNGE 3:4
            S: * 3 EXPUNGE
            S: * 3 EXPUNGE
            S: {tag} OK expunged
            """).Start();
        var (client, inbox) = await OpenAsync(server);
        using (client)
            await inbox.ExpungeAsync(Uids(3, 4));
        await server.Completion;
        Assert.Equal(3, inbox.Count);
    }

    [Fact]
    public async Task Without_UIDPLUS_other_clients_Deleted_marks_are_lifted_around_the_EXPUNGE_and_put_back()
    {
        await using var server = new ScriptedServer().Script(Session("IMAP4rev1 LITERAL+") + """

            C: {tag} UID SEARCH DELETED NOT UID 3:4
            S: * SEARCH 2 5
            S: {tag} OK searched
            C: {tag} UID STORE 2,5 -FLAGS.SILENT (\Deleted)
            S: {tag} OK stored
            C: {tag} EXPUNGE
            S: * 3 EXPUNGE
            S: * 3 EXPUNGE
            S: {tag} OK expunged
            C: {tag} UID STORE 2,5 +FLAGS.SILENT (\Deleted)
            S: {tag} OK stored
            """).Start();
        var (client, inbox) = await OpenAsync(server);
        using (client)
            await inbox.ExpungeAsync(Uids(3, 4));
        await server.Completion;
    }

    [Fact]
    public async Task Without_UIDPLUS_and_no_other_Deleted_message_a_plain_EXPUNGE_is_exact()
    {
        await using var server = new ScriptedServer().Script(Session("IMAP4rev1 LITERAL+") + """

            C: {tag} UID SEARCH DELETED NOT UID 3
            S: * SEARCH
            S: {tag} OK searched
            C: {tag} EXPUNGE
            S: * 3 EXPUNGE
            S: {tag} OK expunged
            """).Start();
        var (client, inbox) = await OpenAsync(server);
        using (client)
            await inbox.ExpungeAsync(Uids(3));
        await server.Completion;
        Assert.Equal(4, inbox.Count);
    }
}
