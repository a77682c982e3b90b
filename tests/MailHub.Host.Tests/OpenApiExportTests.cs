using System.Diagnostics;
using MailHub.Host.Api;
using MailHub.Testing;

namespace MailHub.Host.Tests;

/// <summary>
/// <c>MailHub.Host openapi --out FILE</c>, run as tools/api-client.sh runs it: a real process of the built host, in an
/// empty folder, with no database. The TypeScript client is generated from its file, so it must be the document the
/// host serves, and the same bytes on every run (CI compares it with the checked-in copy).
/// </summary>
public sealed class OpenApiExportTests(MailHubFactory host) : IClassFixture<MailHubFactory>
{
    [Fact]
    public async Task The_exported_document_is_the_served_one_the_same_on_every_run_and_needs_no_database()
    {
        using var folder = new TempFolder();

        var first = await HostAsync(folder.Path, "openapi", "--out", "first/openapi.json");
        var second = await HostAsync(folder.Path, "openapi", "--out", "second/openapi.json");

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.True(second.ExitCode == 0, second.Output);
        var exported = await File.ReadAllTextAsync(Path.Combine(folder.Path, "first", "openapi.json"));
        Assert.Equal(exported, await File.ReadAllTextAsync(Path.Combine(folder.Path, "second", "openapi.json")));
        // The host run normally would have started the embedded PostgreSQL in .mailhub/ under the working folder.
        Assert.False(Directory.Exists(Path.Combine(folder.Path, ".mailhub")), "the export started the embedded PostgreSQL");
        Assert.DoesNotContain("\"servers\"", exported, StringComparison.Ordinal);

        var served = await host.CreateClient().GetStringAsync("/openapi/v1.json");
        Assert.Equal(OpenApiExport.Canonical(served), exported);
    }

    [Fact]
    public async Task Without_an_output_file_it_prints_its_usage_and_fails()
    {
        using var folder = new TempFolder();

        var (exit, output) = await HostAsync(folder.Path, "openapi");

        Assert.Equal(2, exit);
        Assert.Contains("usage: MailHub.Host openapi --out FILE", output, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path));
    }

    private static async Task<(int ExitCode, string Output)> HostAsync(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "MailHub.Host.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("mailhub-openapi-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
