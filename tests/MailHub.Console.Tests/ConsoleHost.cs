using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace MailHub.Console.Tests;

/// <summary>
/// The real host with its console, on Kestrel on a free 127.0.0.1 port (a browser needs a real socket), on a fresh
/// database, with its SMTP listener on another loopback port and outbound mail captured by the sandbox.
/// </summary>
public class ConsoleHost : MailHubFactory
{
    public ConsoleHost()
    {
        ListenForSmtp("console");
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        // The tests' image servers (remote images in customers' mail) are on loopback, which the image proxy refuses by default.
        Settings["MailHub:Conversations:RemoteImages:AllowPrivateAddresses"] = "true";
    }

    /// <summary>Where the console is, e.g. http://127.0.0.1:41234.</summary>
    public string Url { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // Start-up blocks its thread until migrations finish: a thread of its own (see CreateClientAsync).
        await Task.Factory.StartNew(StartServer, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Url = addresses.Single().Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal);
    }

    /// <summary>Creates a department (a team), as an admin does.</summary>
    public Task<Guid> CreateTeamAsync(string name) => CreateAsync("/api/directory/departments", new { name });

    /// <summary>Creates an agent (or supervisor) in <paramref name="team"/> with a password they may use at once.</summary>
    public Task<Guid> CreateMemberAsync(string account, string name, string email, string password, Guid team, string role = "agent") =>
        CreateAsync("/api/directory/members", new { account, name, email, password, role, departmentIds = new[] { team } });

    /// <summary>Creates a sandbox mailbox (mail to it arrives over the SMTP listener); its id and address.</summary>
    public async Task<(Guid Id, string Address)> CreateSandboxMailboxAsync(string name, string displayName)
    {
        var mailbox = await PostAsync("/api/channels/mailboxes", new { name, displayName, inbound = new { protocol = "sandbox" } });
        return (mailbox.GetProperty("id").GetGuid(), mailbox.GetProperty("address").GetString()!);
    }

    private async Task<Guid> CreateAsync(string path, object body) => (await PostAsync(path, body)).GetProperty("id").GetGuid();

    private async Task<JsonElement> PostAsync(string path, object body)
    {
        using var admin = await CreateClientAsync();
        using var response = await admin.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
