using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MailHub.Testing;

/// <summary>
/// A mail server started in the foreground from a tests/peers script (start-dovecot.sh, start-postfix.sh): its
/// output is kept for error messages, and disposing it sends SIGTERM (the scripts stop their server cleanly and,
/// for Postfix in a user namespace, hand its folder back to the user) and waits, killing it after 15 s.
/// </summary>
public sealed class PeerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PeerProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    /// <summary>The script's name, for messages.</summary>
    public string Name { get; }

    /// <summary>What the script and its server printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>tests/peers, found above the test assembly.</summary>
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

    /// <summary>Runs tests/peers/install.sh (quick when all is installed; as a normal user it only checks).</summary>
    public static async Task EnsureInstalledAsync()
    {
        var (exit, output) = await ExternalTool.RunAsync(Path.Combine(PeersDirectory, "install.sh"), TimeSpan.FromMinutes(15));
        if (exit != 0)
            throw new InvalidOperationException($"The mail servers for these tests are missing (tests/peers/install.sh exited {exit}):\n{output}");
    }

    /// <summary>Starts tests/peers/SCRIPT with these arguments.</summary>
    public static PeerProcess Start(string script, params IEnumerable<object> arguments)
    {
        var info = new ProcessStartInfo(Path.Combine(PeersDirectory, script))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
            info.ArgumentList.Add(Convert.ToString(a, CultureInfo.InvariantCulture)!);
        var process = Process.Start(info) ?? throw new InvalidOperationException("Cannot start " + info.FileName);
        process.StandardInput.Close();
        var peer = new PeerProcess(process, script);
        process.OutputDataReceived += (_, e) => peer.Append(e.Data);
        process.ErrorDataReceived += (_, e) => peer.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    /// <summary>Waits until something accepts connections on 127.0.0.1:PORT; fails at once, with the script's
    /// output, when the script exits first, and after TIMEOUT (60 s by default).</summary>
    public async Task WaitForPortAsync(int port, TimeSpan? timeout = null, Func<string>? log = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync();
                throw new InvalidOperationException($"{Name} exited ({_process.ExitCode}) before listening on port {port}:\n{Output}{log?.Invoke()}");
            }
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
        throw new TimeoutException($"{Name}: nothing listens on port {port} after {timeout ?? TimeSpan.FromSeconds(60)}:\n{Output}{log?.Invoke()}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
                await term.WaitForExitAsync();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
    }

    /// <summary>COUNT distinct loopback ports that were free a moment ago.</summary>
    public static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        foreach (var l in listeners)
            l.Start();
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        foreach (var l in listeners)
            l.Stop();
        return ports;
    }

    /// <summary>Deletes a peer's folder; a folder the user cannot delete (left by a killed Postfix in a user
    /// namespace) is left in the temp folder rather than failing the tests.</summary>
    public static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }
}
