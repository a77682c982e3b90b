using System.Diagnostics;

namespace MailHub.Testing;

/// <summary>Runs a real program (swaks, python3, postfix) and returns its exit code and output.</summary>
public static class ExternalTool
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string tool, params string[] arguments) =>
        await RunAsync(tool, TimeSpan.FromSeconds(90), arguments);

    public static async Task<(int ExitCode, string Output)> RunAsync(string tool, TimeSpan timeout, params string[] arguments)
    {
        var path = Find(tool) ?? throw new InvalidOperationException(
            $"{tool} is not installed; the tests drive MailHub with it. On Debian: apt-get install -y {PackageOf(tool)}");
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} did not finish in {timeout}:\n{await output}{await error}");
        }
        return (process.ExitCode, await output + await error);
    }

    public static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") + ":/usr/sbin:/sbin")
            .Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);

    private static string PackageOf(string tool) => tool switch
    {
        "python3" => "python3",
        "postfix" or "smtp-source" or "smtp-sink" or "sendmail" => "postfix",
        _ => tool,
    };
}
