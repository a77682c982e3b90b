using System.Globalization;
using System.Text;
using MailHub.Mail.Imap;
using MailHub.Testing;

namespace MailHub.Channels.Tests.Sync;

/// <summary>A test's own folder in a Dovecot user's mail store, reached over IMAP as that user (another client, for MailHub).</summary>
public sealed class DovecotFolder(MailServersFixture peers, string user, string name)
{
    public string User => user;

    public string Name => name;

    public static async Task<DovecotFolder> CreateAsync(MailServersFixture peers, string user, string prefix)
    {
        var folder = new DovecotFolder(peers, user, $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)]);
        await using var imap = await folder.LoginAsync();
        await imap.CreateFolderAsync(folder.Name);
        return folder;
    }

    public async Task<ImapClient> LoginAsync()
    {
        var imap = await ImapClient.ConnectAsync(peers.Imaps);
        await imap.LoginAsync(user, MailServersFixture.Password);
        return imap;
    }

    public static string Message(string subject, string messageId) =>
        $"From: customer@example.org\r\nTo: support@test.local\r\nSubject: {subject}\r\nMessage-ID: <{messageId}>\r\n"
        + string.Create(CultureInfo.InvariantCulture, $"Date: {DateTimeOffset.UtcNow:ddd, dd MMM yyyy HH:mm:ss +0000}\r\n\r\nAbout {subject}.\r\n");

    /// <summary>APPENDs a message as another client would.</summary>
    public async Task AppendAsync(string message, params string[] flags)
    {
        await using var imap = await LoginAsync();
        await imap.AppendAsync(Name, new MemoryStream(Encoding.UTF8.GetBytes(message)), flags.Length == 0 ? null : flags);
    }

    /// <summary>What the folder holds now: each message's subject and flags, and the folder's UIDVALIDITY.</summary>
    public async Task<(uint UidValidity, IReadOnlyList<(string Subject, IReadOnlyList<string> Flags)> Messages)> ReadAsync()
    {
        await using var imap = await LoginAsync();
        var status = await imap.ExamineAsync(Name);
        if (status.Exists == 0)
            return (status.UidValidity, []);
        var summaries = await imap.FetchAsync(UidSet.All, ImapFetchItems.Envelope | ImapFetchItems.Flags);
        return (status.UidValidity, [.. summaries.Select(s => (s.Envelope?.Subject ?? "", s.Flags))]);
    }

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
