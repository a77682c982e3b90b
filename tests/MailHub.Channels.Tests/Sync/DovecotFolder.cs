using System.Globalization;
using System.Text;
using MailHub.Mail.Clients;
using MailHub.Testing;
using MailKit;
using MailKit.Net.Imap;
using MimeKit;

namespace MailHub.Channels.Tests.Sync;

/// <summary>A test's own folder in a Dovecot user's mail store, reached over IMAP (MailKit) as that user: another client, for MailHub.</summary>
public sealed class DovecotFolder(MailServersFixture peers, string user, string name)
{
    public string User => user;

    public string Name => name;

    public static async Task<DovecotFolder> CreateAsync(MailServersFixture peers, string user, string prefix)
    {
        var folder = new DovecotFolder(peers, user, $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)]);
        using var imap = await folder.LoginAsync();
        await imap.GetFolder(imap.PersonalNamespaces[0]).CreateAsync(folder.Name, true);
        return folder;
    }

    public Task<ImapClient> LoginAsync() => ImapSession.OpenAsync(peers.Imaps, user, MailServersFixture.Password, oauth2: false);

    /// <summary>Deletes the folder and creates it again, as a restore from backup or a migration would: a new UIDVALIDITY.</summary>
    public async Task RecreateAsync()
    {
        using var imap = await LoginAsync();
        await (await imap.GetFolderAsync(Name)).DeleteAsync();
        await imap.GetFolder(imap.PersonalNamespaces[0]).CreateAsync(Name, true);
    }

    public static string Message(string subject, string messageId, DateTimeOffset? date = null) =>
        $"From: customer@example.org\r\nTo: support@test.local\r\nSubject: {subject}\r\nMessage-ID: <{messageId}>\r\n"
        + string.Create(CultureInfo.InvariantCulture, $"Date: {(date ?? DateTimeOffset.UtcNow).UtcDateTime:ddd, dd MMM yyyy HH:mm:ss +0000}\r\n\r\nAbout {subject}.\r\n");

    /// <summary>APPENDs a message as another client would; <paramref name="internalDate"/> when it should look delivered then.</summary>
    public async Task AppendAsync(string message, params string[] flags) => await AppendAsync(message, null, flags);

    public async Task AppendAsync(string message, DateTimeOffset? internalDate, params string[] flags)
    {
        using var imap = await LoginAsync();
        var folder = await imap.GetFolderAsync(Name);
        var parsed = await MimeMessage.LoadAsync(new MemoryStream(Encoding.UTF8.GetBytes(message)));
        var request = new AppendRequest(parsed, flags.Contains(@"\Deleted") ? MessageFlags.Deleted : flags.Contains(@"\Seen") ? MessageFlags.Seen : MessageFlags.None)
        {
            InternalDate = internalDate,
        };
        await folder.AppendAsync(request);
        await imap.DisconnectAsync(true);
    }

    /// <summary>What the folder holds now: each message's subject and flags, and the folder's UIDVALIDITY.</summary>
    public async Task<(uint UidValidity, IReadOnlyList<(string Subject, IReadOnlyList<string> Flags)> Messages)> ReadAsync()
    {
        using var imap = await LoginAsync();
        var folder = await imap.GetFolderAsync(Name);
        await folder.OpenAsync(FolderAccess.ReadOnly);
        if (folder.Count == 0)
            return (folder.UidValidity, []);
        var summaries = await folder.FetchAsync(0, -1, MessageSummaryItems.Envelope | MessageSummaryItems.Flags);
        return (folder.UidValidity, [.. summaries.Select(s => (s.Envelope?.Subject ?? "", Flags(s.Flags ?? MessageFlags.None)))]);
    }

    private static IReadOnlyList<string> Flags(MessageFlags flags) =>
        [.. Enum.GetValues<MessageFlags>().Where(f => f != MessageFlags.None && f != MessageFlags.UserDefined && flags.HasFlag(f)).Select(f => "\\" + f)];

    /// <summary>Polls the folder until <paramref name="done"/> holds for its subjects; returns the last look.</summary>
    public async Task<IReadOnlyList<(string Subject, IReadOnlyList<string> Flags)>> WaitAsync(
        Func<IReadOnlyList<string>, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var (_, messages) = await ReadAsync();
            if (done([.. messages.Select(m => m.Subject)]) || DateTime.UtcNow > deadline)
                return messages;
            await Task.Delay(200);
        }
    }
}
