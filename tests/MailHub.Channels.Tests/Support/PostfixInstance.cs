using MailHub.Testing;

namespace MailHub.Channels.Tests.Support;

/// <summary>
/// A private Postfix (Debian package postfix) in front of MailHub: tests/peers/start-postfix.sh in its relay role,
/// smtpd on a free loopback port, relaying everything to MailHub's listener as relay.postfix.test. The same
/// script (and so the same main.cf) as the peers of <see cref="MailServersFixture"/>; as root or, in a user
/// namespace, as a normal user.
/// </summary>
public sealed class PostfixInstance : IAsyncDisposable
{
    private readonly string _folder;
    private readonly PeerProcess _process;

    private PostfixInstance(string folder, int port, PeerProcess process)
    {
        _folder = folder;
        Port = port;
        _process = process;
    }

    public int Port { get; }

    /// <summary>Postfix's log (maillog_file), for failure messages.</summary>
    public string Log => File.Exists(LogFile(_folder)) ? File.ReadAllText(LogFile(_folder)) : "(no log)";

    public static async Task<PostfixInstance> StartAsync(int relayPort)
    {
        await PeerProcess.EnsureInstalledAsync();
        var root = Directory.CreateTempSubdirectory("mailhub-postfix-").FullName;
        // As root, Postfix's own user must reach its folders inside.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);
        var folder = Path.Combine(root, "postfix");
        var port = PeerProcess.FreePorts(1)[0];
        var process = PeerProcess.Start("start-postfix.sh", "--relay", relayPort, folder, port);
        var instance = new PostfixInstance(folder, port, process);
        try
        {
            await process.WaitForPortAsync(port, log: () => "\n" + instance.Log);
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }
        return instance;
    }

    public async ValueTask DisposeAsync()
    {
        // SIGTERM: the script stops Postfix and, in a user namespace, hands the folder back so it can be deleted.
        await _process.DisposeAsync();
        PeerProcess.DeleteFolder(Path.GetDirectoryName(_folder)!);
    }

    private static string LogFile(string folder) => Path.Combine(folder, "postfix.log");
}
