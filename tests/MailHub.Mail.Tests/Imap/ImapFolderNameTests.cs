using MailHub.Mail.Clients;
using MailHub.Mail.Diagnostics;
using MailHub.Mail.Net;
using MailHub.Mail.Tests.Net;
using MailKit;

namespace MailHub.Mail.Tests.Imap;

/// <summary>
/// Folder names and Gmail labels travel in modified UTF-7 (RFC 3501 §5.1.3): "其他文件夹" is "&amp;UXZO1mWHTvZZOQ-" on
/// the wire. MailKit encodes what we send and decodes what the server lists (its decoder is internal), so the user
/// types and reads the name in Chinese and never meets the wire form.
/// </summary>
public sealed class ImapFolderNameTests
{
    private const string GmailLogin = """
        S: * OK [CAPABILITY IMAP4rev1 UNSELECT IDLE X-GM-EXT-1 LITERAL+] Gimap ready for requests from 203.0.113.9
        C~ {tag} LOGIN .+
        S: {tag} OK [CAPABILITY IMAP4rev1 UNSELECT IDLE X-GM-EXT-1 UIDPLUS MOVE LITERAL+] kefu@gmail.com authenticated (Success)
        """;

    private const string OtherFolder = """
        C~ {tag} LIST "" "?&UXZO1mWHTvZZOQ-"?
        S: * LIST (\HasNoChildren) "/" "&UXZO1mWHTvZZOQ-"
        S: {tag} OK Success
        C~ {tag} EXAMINE "?&UXZO1mWHTvZZOQ-"?
        S: * 2 EXISTS
        S: * OK [UIDVALIDITY 7] UIDs valid.
        S: * OK [UIDNEXT 12] Predicted next UID.
        S: {tag} OK [READ-ONLY] &UXZO1mWHTvZZOQ- selected. (Success)
        """;

    [Fact]
    public async Task A_Chinese_folder_name_goes_out_in_modified_UTF7_and_the_check_shows_it_in_Chinese()
    {
        await using var server = new ScriptedServer().Script($$"""
            {{GmailLogin}}
            {{ImapTranscriptTests.Folders}}
            {{OtherFolder}}
            C~ {tag} (UNSELECT|CLOSE)
            S: {tag} OK Returned to authenticated state. (Success)
            C: {tag} LOGOUT
            S: * BYE LOGOUT Requested
            S: {tag} OK 73 good day (Success)
            """).Start();
        var steps = await MailCheck.RunAsync(new MailCheckRequest(MailProtocol.Imap, ImapTranscriptTests.Endpoint(server, MailProvider.Gmail),
            "kefu@gmail.com", "app-password") { Folders = ["其他文件夹"] });

        Assert.All(steps, s => Assert.True(s.Ok, s.Detail));
        var open = steps.Single(s => s.Name == MailCheck.OpenFolder);
        Assert.Equal("其他文件夹", open.Folder);
        Assert.StartsWith("2 messages, UIDVALIDITY 7, UIDNEXT 12", open.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(steps, s => s.Detail.Contains('&', StringComparison.Ordinal));
        await server.Completion;
    }

    [Fact]
    public async Task A_folder_that_is_not_on_the_server_is_named_in_Chinese_in_the_error()
    {
        await using var server = new ScriptedServer().Script($$"""
            {{GmailLogin}}
            {{ImapTranscriptTests.Folders}}
            C~ {tag} LIST "" "?&UXZO1mWHTvZZOQ-"?
            S: {tag} OK Success
            """).Start();
        var endpoint = ImapTranscriptTests.Endpoint(server, MailProvider.Gmail);
        using var client = await ImapSession.OpenAsync(endpoint, "kefu@gmail.com", "app-password", oauth2: false);
        var e = await Assert.ThrowsAsync<MailProtocolException>(() => client.OpenFolderAsync(endpoint, "其他文件夹", FolderAccess.ReadOnly));
        Assert.Equal(MailErrorKind.MailboxNotFound, e.Kind);
        Assert.Contains("'其他文件夹'", e.Message, StringComparison.Ordinal);
        await server.Completion;
    }

    [Fact]
    public async Task Gmail_labels_come_out_of_FETCH_X_GM_LABELS_decoded()
    {
        await using var server = new ScriptedServer().Script($$"""
            {{GmailLogin}}
            {{ImapTranscriptTests.Folders}}
            {{OtherFolder}}
            C~ {tag} UID FETCH 11 \(UID X-GM-LABELS\)
            S: * 2 FETCH (UID 11 X-GM-LABELS ("\\Important" "&UXZO1mWHTvZZOQ-" "[Gmail]/&XfJT0ZAB-" "Tom &- Jerry"))
            S: {tag} OK Success
            """).Start();
        var endpoint = ImapTranscriptTests.Endpoint(server, MailProvider.Gmail);
        using var client = await ImapSession.OpenAsync(endpoint, "kefu@gmail.com", "app-password", oauth2: false);
        var folder = await client.OpenFolderAsync(endpoint, "其他文件夹", FolderAccess.ReadOnly);
        var summary = Assert.Single(await folder.FetchAsync([new UniqueId(7, 11)], MessageSummaryItems.UniqueId | MessageSummaryItems.GMailLabels));

        Assert.Equal("其他文件夹", folder.FullName);
        Assert.Equal([@"\Important", "其他文件夹", "[Gmail]/已发送", "Tom & Jerry"], summary.GMailLabels);
        await server.Completion;
    }
}
