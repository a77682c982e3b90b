using MailHub.Mail.Net;
using Xunit;

namespace MailHub.Testing;

/// <summary>
/// Private Dovecot (IMAP, POP3, LMTP, SASL) and Postfix (submission with STARTTLS + AUTH via Dovecot, delivering
/// over LMTP) started from tests/peers on free loopback ports in a temp folder, and stopped after the tests.
/// Users alice, bob, carol, bench, dave, erin and frank have the password "secret"; mail for user@test.local lands in their INBOX.
/// Shared by the client tests (MailHub.Mail.Tests) and the mailbox sync tests (MailHub.Channels.Tests); each test
/// assembly declares its own collection for it. Runs as root or as a normal user (Dovecot as that user, Postfix in
/// a user namespace: tests/peers/README.md).
/// </summary>
public sealed class MailServersFixture : IAsyncLifetime
{
    private PeerProcess? dovecot;
    private PeerProcess? postfix;

    public string Folder { get; } = Directory.CreateTempSubdirectory("mailhub-peers-").FullName;

    public int ImapPort { get; private set; }

    public int ImapsPort { get; private set; }

    public int Pop3Port { get; private set; }

    public int Pop3sPort { get; private set; }

    public int SubmissionPort { get; private set; }

    public const string Password = "secret";

    private static long _seeded;

    public MailEndpoint Imaps => new("127.0.0.1", ImapsPort, MailSecurity.Ssl) { AcceptInvalidCertificate = true, CommandTimeout = TimeSpan.FromSeconds(20) };

    public MailEndpoint ImapStartTls => new("localhost", ImapPort, MailSecurity.StartTls) { AcceptInvalidCertificate = true, CommandTimeout = TimeSpan.FromSeconds(20) };

    public MailEndpoint Pop3s => new("127.0.0.1", Pop3sPort, MailSecurity.Ssl) { AcceptInvalidCertificate = true, CommandTimeout = TimeSpan.FromSeconds(20) };

    public MailEndpoint Pop3StartTls => new("127.0.0.1", Pop3Port, MailSecurity.StartTls) { AcceptInvalidCertificate = true, CommandTimeout = TimeSpan.FromSeconds(20) };

    public MailEndpoint Submission => new("127.0.0.1", SubmissionPort, MailSecurity.StartTls) { AcceptInvalidCertificate = true, CommandTimeout = TimeSpan.FromSeconds(20) };

    /// <summary>tests/peers, found above the test assembly.</summary>
    public static string PeersDirectory => PeerProcess.PeersDirectory;

    public async Task InitializeAsync()
    {
        // As root, the servers' own users (nobody, postfix) must reach their folders inside.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(Folder, (UnixFileMode)0b111_101_101);
        await PeerProcess.EnsureInstalledAsync();
        var ports = PeerProcess.FreePorts(7);
        (ImapPort, ImapsPort, Pop3Port, Pop3sPort, SubmissionPort) = (ports[0], ports[1], ports[2], ports[3], ports[4]);
        var (auth, lmtp) = (ports[5], ports[6]);
        var dovecotFolder = Path.Combine(Folder, "dovecot");
        dovecot = PeerProcess.Start("start-dovecot.sh", dovecotFolder, ImapPort, ImapsPort, Pop3Port, Pop3sPort, auth, lmtp);
        string DovecotLog() => ReadLog(Path.Combine(dovecotFolder, "dovecot.log"));
        await dovecot.WaitForPortAsync(ImapsPort, log: DovecotLog);
        await dovecot.WaitForPortAsync(lmtp, log: DovecotLog);
        await dovecot.WaitForPortAsync(auth, log: DovecotLog);
        var postfixFolder = Path.Combine(Folder, "postfix");
        postfix = PeerProcess.Start("start-postfix.sh", postfixFolder, SubmissionPort, auth, lmtp);
        await postfix.WaitForPortAsync(SubmissionPort, log: () => ReadLog(Path.Combine(postfixFolder, "postfix.log")));
    }

    /// <summary>Writes messages straight into a user's maildir (fast seeding); Dovecot picks them up.</summary>
    public async Task SeedAsync(string user, IEnumerable<string> messages)
    {
        var newDir = Path.Combine(Folder, "dovecot", "mail", user, "Maildir", "new");
        Directory.CreateDirectory(newDir);
        Directory.CreateDirectory(Path.Combine(Folder, "dovecot", "mail", user, "Maildir", "cur"));
        Directory.CreateDirectory(Path.Combine(Folder, "dovecot", "mail", user, "Maildir", "tmp"));
        // A number unique in this process: calls in the same second must not overwrite each other's files.
        foreach (var m in messages)
            await File.WriteAllTextAsync(Path.Combine(newDir, $"{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.M{Interlocked.Increment(ref _seeded)}P{Environment.ProcessId}.seed"), m.ReplaceLineEndings("\r\n"));
        // As root, Dovecot keeps the store as nobody (start-dovecot.sh); as a normal user the store is ours already.
        if (Environment.IsPrivilegedProcess)
        {
            var (exit, output) = await ExternalTool.RunAsync("chown", "-R", "nobody:nogroup", Path.Combine(Folder, "dovecot", "mail", user));
            if (exit != 0)
                throw new InvalidOperationException("chown of the seeded maildir failed: " + output);
        }
    }

    public async Task DisposeAsync()
    {
        // SIGTERM: start-postfix.sh runs "postfix stop" (and hands a user namespace's files back), Dovecot stops.
        if (postfix is not null)
            await postfix.DisposeAsync();
        if (dovecot is not null)
            await dovecot.DisposeAsync();
        PeerProcess.DeleteFolder(Folder);
    }

    private static string ReadLog(string path) => File.Exists(path) ? $"\n{path}:\n{File.ReadAllText(path)}" : "";
}
