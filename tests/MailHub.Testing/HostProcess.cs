using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace MailHub.Testing;

/// <summary>
/// The host as a real process (<c>dotnet MailHub.Host.dll</c> from its build output), with its SMTP
/// listener and HTTP API on free ports, for what an in-memory host cannot show: being killed with SIGKILL mid-sync,
/// mid-reply or mid-campaign, and a node started again after it, or several nodes as a cluster.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    public const string AdminEmail = "admin@mailhub.test";
    public const string AdminPassword = "crash-test-admin-password";

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HostProcess(Process process, int smtpPort, int httpPort)
    {
        _process = process;
        SmtpPort = smtpPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(60) };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int SmtpPort { get; }

    /// <summary>The API, signed in as the admin.</summary>
    public HttpClient Http { get; }

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>
    /// Starts a node. Its silo listens on <paramref name="siloPort"/> when given (a restart on its predecessor's port makes the
    /// cluster declare the killed incarnation dead at once), else on a free port; <paramref name="settings"/> (environment
    /// variables) override everything.
    /// </summary>
    public static async Task<HostProcess> StartAsync(string connectionString, IDictionary<string, string>? settings = null, int? siloPort = null)
    {
        var dll = HostDll();
        var port = FreePort();
        var http = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.Environment["ConnectionStrings__MailHub"] = connectionString;
        start.Environment["urls"] = $"http://127.0.0.1:{http}";
        start.Environment["MailHub__Admin__Email"] = AdminEmail;
        start.Environment["MailHub__Admin__Password"] = AdminPassword;
        start.Environment["MailHub__Smtp__Endpoints__0__Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["MailHub__Smtp__Endpoints__0__TlsMode"] = "None";
        start.Environment["MailHub__Smtp__AcceptDomains__0"] = "example.com";
        start.Environment["MailHub__Smtp__MaxConnectionsPerIp"] = "500";
        start.Environment["MailHub__Cluster__SiloPort"] = (siloPort ?? FreePort()).ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            start.Environment[key] = value;
        var host = new HostProcess(Process.Start(start)!, port, http);
        await host.WaitListeningAsync();
        await host.SignInAsync();
        return host;
    }

    /// <summary>SIGKILL: no shutdown, no flush, nothing.</summary>
    public void KillHard() => _process.Kill(entireProcessTree: false);

    /// <summary>SIGKILL, then waits until the process is gone (its sockets closed).</summary>
    public async Task KillHardAsync()
    {
        KillHard();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private async Task WaitListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The host exited ({_process.ExitCode}):\n{Output}");
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, SmtpPort);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"The host did not listen for SMTP on {SmtpPort}:\n{Output}");
    }

    private async Task SignInAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The host exited ({_process.ExitCode}):\n{Output}");
            try
            {
                var response = await Http.PostAsJsonAsync("/api/auth/token", new { email = AdminEmail, password = AdminPassword });
                if (response.IsSuccessStatusCode)
                {
                    var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
                    Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The host did not answer HTTP:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    // The host's own build output (built with this test project), in the same configuration.
    private static string HostDll()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0/
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MailHub.sln")))
            {
                var dll = Path.Combine(dir.FullName, "src", "MailHub.Host", "bin", configuration, "net10.0", "MailHub.Host.dll");
                return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the host first: {dll} is missing.");
            }
        }
        throw new DirectoryNotFoundException("MailHub.sln not found above " + AppContext.BaseDirectory);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
