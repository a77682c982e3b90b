using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MailHub.Testing;

namespace MailHub.EndToEnd;

/// <summary>tools/qa/e2e.sh as QA runs it: against MailHub started as a real process (its own build output).</summary>
public sealed class QaScriptTests
{
    private const string AdminPassword = "qa-script-admin-password";

    [Fact]
    public async Task The_qa_script_passes_against_a_running_host()
    {
        var root = RepositoryRoot();
        var (httpPort, smtpPort) = (FreePort(), FreePort());
        var dll = HostDll(root);
        var host = Start("dotnet", Path.GetDirectoryName(dll)!, [dll, "--urls", $"http://127.0.0.1:{httpPort}"], new()
        {
            ["ConnectionStrings__MailHub"] = await TestDatabase.CreateAsync("qa"),
            ["MailHub__Admin__Password"] = AdminPassword,
            ["MailHub__Smtp__Endpoints__0__Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MailHub__Smtp__CertificatePath"] = Path.Combine(Path.GetTempPath(), $"mailhub-qa-script-{Environment.UserName}-cert.pfx"),
        });
        try
        {
            await WaitHealthyAsync(host, httpPort);
            var script = Start("bash", root, ["tools/qa/e2e.sh", "--url", $"http://127.0.0.1:{httpPort}", "--smtp", $"127.0.0.1:{smtpPort}",
                "--admin", "admin@mailhub.local", "--password", AdminPassword], []);
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await script.Process.WaitForExitAsync(timeout.Token);
            Assert.True(script.Process.ExitCode == 0, $"e2e.sh failed ({script.Process.ExitCode}):\n{script.Output}\nhost:\n{host.Output}");
            Assert.Contains("PASS: QA end-to-end check", script.Output, StringComparison.Ordinal);
        }
        finally
        {
            host.Process.Kill(entireProcessTree: true);
            await host.Process.WaitForExitAsync();
            host.Process.Dispose();
        }
    }

    private sealed record Running(Process Process, StringBuilder Buffer)
    {
        /// <summary>What the process printed so far (read under the lock its readers append with).</summary>
        public string Output
        {
            get
            {
                lock (Buffer)
                    return Buffer.ToString();
            }
        }
    }

    private static Running Start(string file, string directory, string[] arguments, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        var output = new StringBuilder();
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new Running(process, output);
    }

    /// <summary>GET /health answers 200 once HTTP, the database and the SMTP listener are all up.</summary>
    private static async Task WaitHealthyAsync(Running host, int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(host.Process.HasExited, $"The host exited:\n{host.Output}");
            try
            {
                if ((await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health"))).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The host was not healthy on {port} within 60 s:\n{host.Output}");
    }

    // The host's build output (built with this project), in the same configuration.
    private static string HostDll(string root)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0/
        var dll = Path.Combine(root, "src", "MailHub.Host", "bin", configuration, "net10.0", "MailHub.Host.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the host first: {dll} is missing.");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MailHub.sln")))
                return dir.FullName;
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
