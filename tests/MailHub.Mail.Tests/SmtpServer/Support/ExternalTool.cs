using System.Diagnostics;

namespace MailHub.Mail.Tests.SmtpServer.Support;

/// <summary>Runs a real mail client (swaks, python3) and returns its exit code and output.</summary>
public static class ExternalTool
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string tool, params string[] arguments)
    {
        var path = Find(tool) ?? throw new InvalidOperationException(
            $"{tool} is not installed; these tests drive the server with it. On Debian: apt-get install -y {tool}");
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} did not finish in 60 s:\n{await output}{await error}");
        }

        return (process.ExitCode, await output + await error);
    }

    private static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);
}
