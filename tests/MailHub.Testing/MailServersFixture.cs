using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MailHub.Mail.Net;
using Xunit;

namespace MailHub.Testing;

/// <summary>
/// Private Dovecot (IMAP, POP3, LMTP, SASL) and Postfix (submission with STARTTLS + AUTH via Dovecot, delivering
/// over LMTP) started from tests/peers on free loopback ports in a temp folder, and stopped after the tests.
/// Users alice, bob, carol and bench have the password "secret"; mail for user@test.local lands in their INBOX.
/// Shared by the client tests (MailHub.Mail.Tests) and the mailbox sync tests (MailHub.Channels.Tests); each test
/// assembly declares its own collection for it.
/// </summary>
public sealed class MailServersFixture : IAsyncLifetime
{
    private Process? dovecot;
    private Process? postfix;

    public string Folder { get; } = Directory.CreateTempSubdirectory("mailhub-peers-").FullName;

    public int ImapPort { get; private set; }

    public int ImapsPort { get; private set; }

    public int Pop3Port { get; private set; }

    public int Pop3sPort { get; private set; }

    public int SubmissionPort { get; private set; }

    public const string Password = "secret";

    public MailEndpoint Imaps => new("127.0.0.1", ImapsPort, MailSecurity.Ssl) { AcceptInvalidCertificate = true, CommandTimeout = TimeSpan.FromSeconds(20) };

    public MailEndpoint ImapStartTls => new("localhost", ImapPort, MailSecurity.StartTls) { AcceptInvalidCertificate = true, CommandTimeout = TimeSpan.FromSeconds(20) };

    public MailEndpoint Pop3s => new("127.0.0.1", Pop3sPort, MailSecurity.Ssl) { AcceptInvalidCertificate = true, CommandTimeout = TimeSpan.FromSeconds(20) };

    public MailEndpoint Pop3StartTls => new("127.0.0.1", Pop3Port, MailSecurity.StartTls) { AcceptInvalidCertificate = true, CommandTimeout = TimeSpan.FromSeconds(20) };

    public MailEndpoint Submission => new("127.0.0.1", SubmissionPort, MailSecurity.StartTls) { AcceptInvalidCertificate = true, CommandTimeout = TimeSpan.FromSeconds(20) };

    public static string PeersDirectory
    {
        get
        {
            for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            {
                var peers = Path.Combine(d.FullName, "tests", "peers");
                if (File.Exists(Path.Combine(peers, "install.sh")))
                    return peers;
            }
            throw new InvalidOperationException("tests/peers not found above " + AppContext.BaseDirectory);
        }
    }

    public async Task InitializeAsync()
    {
        var peers = PeersDirectory;
        // The servers' own users (nobody, postfix) must reach their folders inside.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(Folder, (UnixFileMode)0b111_101_101);
        await RunAsync(Path.Combine(peers, "install.sh"), []);
        var ports = FreePorts(7);
        (ImapPort, ImapsPort, Pop3Port, Pop3sPort, SubmissionPort) = (ports[0], ports[1], ports[2], ports[3], ports[4]);
        var (auth, lmtp) = (ports[5], ports[6]);
        dovecot = Start(Path.Combine(peers, "start-dovecot.sh"),
            [Path.Combine(Folder, "dovecot"), .. new[] { ImapPort, ImapsPort, Pop3Port, Pop3sPort, auth, lmtp }.Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        await WaitForPortAsync(ImapsPort, dovecot);
        await WaitForPortAsync(lmtp, dovecot);
        await WaitForPortAsync(auth, dovecot);
        postfix = Start(Path.Combine(peers, "start-postfix.sh"),
            [Path.Combine(Folder, "postfix"), .. new[] { SubmissionPort, auth, lmtp }.Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        await WaitForPortAsync(SubmissionPort, postfix);
    }

    /// <summary>Writes messages straight into a user's maildir (fast seeding); Dovecot picks them up.</summary>
    public async Task SeedAsync(string user, IEnumerable<string> messages)
    {
        var newDir = Path.Combine(Folder, "dovecot", "mail", user, "Maildir", "new");
        Directory.CreateDirectory(newDir);
        Directory.CreateDirectory(Path.Combine(Folder, "dovecot", "mail", user, "Maildir", "cur"));
        Directory.CreateDirectory(Path.Combine(Folder, "dovecot", "mail", user, "Maildir", "tmp"));
        var i = 0;
        foreach (var m in messages)
            await File.WriteAllTextAsync(Path.Combine(newDir, $"{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.M{i++}P{Environment.ProcessId}.seed"), m.ReplaceLineEndings("\r\n"));
        await RunAsync("chown", ["-R", "nobody:nogroup", Path.Combine(Folder, "dovecot", "mail", user)]);
    }

    public async Task DisposeAsync()
    {
        if (postfix is not null)
        {
            try
            {
                await RunAsync("/usr/sbin/postfix", ["-c", Path.Combine(Folder, "postfix", "etc"), "stop"]);
            }
            catch (InvalidOperationException)
            {
            }
            await StopAsync(postfix);
        }
        if (dovecot is not null)
        {
            using (var term = Process.Start("kill", ["-TERM", dovecot.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await term.WaitForExitAsync();
            await StopAsync(dovecot);
        }
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task StopAsync(Process process)
    {
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    private static readonly System.Text.StringBuilder Output = new();

    private static Process Start(string script, string[] args)
    {
        var info = new ProcessStartInfo(script) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        var process = Process.Start(info) ?? throw new InvalidOperationException("Cannot start " + script);
        process.OutputDataReceived += (_, e) => { lock (Output) Output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (Output) Output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task RunAsync(string file, string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Cannot start " + file);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await output}{await error}");
    }

    private static async Task WaitForPortAsync(int port, Process owner)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (owner.HasExited)
                throw new InvalidOperationException($"The mail server exited early ({owner.ExitCode}): {Output}");
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"Nothing listens on port {port} after 60 s.");
    }

    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        foreach (var l in listeners)
            l.Start();
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        foreach (var l in listeners)
            l.Stop();
        return ports;
    }
}
