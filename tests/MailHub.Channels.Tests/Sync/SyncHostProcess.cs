using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace MailHub.Channels.Tests.Sync;

/// <summary>
/// The host as a real process (<c>dotnet MailHub.Host.dll</c> from its build output) with its HTTP API
/// on a free port, for what an in-memory host cannot show: being killed with SIGKILL mid-sync.
/// </summary>
public sealed class SyncHostProcess : IAsyncDisposable
{
    public const string AdminEmail = "admin@mailhub.test";
    public const string AdminPassword = "sync-crash-admin-password";

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SyncHostProcess(Process process, int httpPort)
    {
        _process = process;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public HttpClient Http { get; }

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public static async Task<SyncHostProcess> StartAsync(string connectionString, IDictionary<string, string> settings)
    {
        var dll = HostDll();
        var http = FreePort();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        start.Environment["ConnectionStrings__MailHub"] = connectionString;
        start.Environment["urls"] = $"http://127.0.0.1:{http}";
        start.Environment["MailHub__Admin__Email"] = AdminEmail;
        start.Environment["MailHub__Admin__Password"] = AdminPassword;
        start.Environment["MailHub__Smtp__Endpoints__0__Port"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["MailHub__Smtp__Endpoints__0__TlsMode"] = "None";
        foreach (var (key, value) in settings)
            start.Environment[key] = value;
        var host = new SyncHostProcess(Process.Start(start)!, http);
        await host.SignInAsync();
        return host;
    }

    /// <summary>SIGKILL: no shutdown, no lease released, nothing.</summary>
    public void KillHard() => _process.Kill(entireProcessTree: false);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private async Task SignInAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
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
            await Task.Delay(200);
        }
        throw new TimeoutException($"The host did not answer HTTP:\n{Output}");
    }

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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
