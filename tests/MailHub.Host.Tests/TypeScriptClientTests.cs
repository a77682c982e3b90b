using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using MailHub.Testing;

namespace MailHub.Host.Tests;

/// <summary>The host on a real loopback port, so node can reach it.</summary>
public sealed class ListeningHost : MailHubFactory
{
    public ListeningHost() => UseKestrel(0);

    public async Task<string> BaseAddressAsync()
    {
        // Started on a thread of its own, as MailHubFactory.CreateClientAsync does (start-up blocks its thread).
        await Task.Factory.StartNew(StartServer, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return addresses.Single().Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
    }
}

/// <summary>
/// src/MailHub.Client (the generated TypeScript client) as a script runs it, under node, against the host: its calls
/// reach the routes the types name, a refusal's field errors come out keyed by field, the bearer token is sent.
/// </summary>
public sealed class TypeScriptClientTests(ListeningHost host) : IClassFixture<ListeningHost>
{
    [Fact]
    public async Task The_generated_client_signs_in_reads_field_errors_and_sends_the_bearer_token()
    {
        var package = Path.Combine(RepositoryRoot(), "src", "MailHub.Client");
        if (!File.Exists(Path.Combine(package, "node_modules", ".package-lock.json")))
            await RunAsync("npm", "ci", "--prefix", package, "--no-audit", "--no-fund", "--loglevel=error");
        // Compiled inside the package, so node finds openapi-fetch in its node_modules and reads .js as ES modules.
        var output = Path.Combine(package, ".live", Guid.NewGuid().ToString("N"));
        try
        {
            await RunAsync("node", Path.Combine(package, "node_modules", "typescript", "bin", "tsc"),
                "-p", Path.Combine(package, "tsconfig.live.json"), "--outDir", output);

            var result = await RunAsync("node", Path.Combine(output, "test", "live.js"),
                await host.BaseAddressAsync(), MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);

            Assert.Contains("malformed sign-in: 400, field errors {\"email\":", result, StringComparison.Ordinal);
            Assert.Contains($"signed in with a bearer token as {MailHubFactory.AdminEmail} admin", result, StringComparison.Ordinal);
            Assert.Contains("PASS: the TypeScript client against the host", result, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(output))
                Directory.Delete(output, recursive: true);
        }
    }

    private static async Task<string> RunAsync(string tool, params string[] arguments)
    {
        var (exit, output) = await ExternalTool.RunAsync(tool, TimeSpan.FromMinutes(3), arguments);
        Assert.True(exit == 0, $"{tool} {string.Join(' ', arguments)} exited {exit}:\n{output}");
        return output;
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
}
