using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;

namespace MailHub.Testing;

/// <summary>
/// The real host, in memory, on a fresh database of its own. Use one per test class
/// (<c>IClassFixture&lt;MailHubFactory&gt;</c> with <see cref="IAsyncLifetime"/>).
/// </summary>
public class MailHubFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminEmail = "admin@mailhub.test";
    public const string AdminPassword = "admin-password-for-tests";

    private readonly Dictionary<string, string?> _settings = new();

    public string ConnectionString { get; private set; } = "";

    /// <summary>Extra configuration for the host (set before the first client is created).</summary>
    public IDictionary<string, string?> Settings => _settings;

    public virtual async Task InitializeAsync() => ConnectionString = await TestDatabase.CreateAsync("host");

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:MailHub", ConnectionString);
        builder.UseSetting("MailHub:Admin:Email", AdminEmail);
        builder.UseSetting("MailHub:Admin:Password", AdminPassword);
        // Replies leave at once unless a test is about undo send (it sets its own window): a reply's capture is awaited by many.
        builder.UseSetting("MailHub:Conversations:UndoWindow", "00:00:00");
        // The sandbox's POP3 server is off unless a test turns it on (127.0.0.1:0): hosts of one run would fight for 1110.
        builder.UseSetting("MailHub:Sandbox:Pop3", "");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
    }

    /// <summary>
    /// Starts the SMTP listener on a free loopback port (plain SMTP, as a relay or a QA tool connects); call before the
    /// first client. <see cref="SmtpEndpointAsync"/> says where it listens.
    /// </summary>
    protected void ListenForSmtp(string name)
    {
        Settings["MailHub:Smtp:ServerName"] = "mailhub.test";
        Settings["MailHub:Smtp:Endpoints:0:Name"] = name;
        Settings["MailHub:Smtp:Endpoints:0:Address"] = "127.0.0.1";
        Settings["MailHub:Smtp:Endpoints:0:Port"] = "0";
        Settings["MailHub:Smtp:Endpoints:0:TlsMode"] = "None";
        Settings["MailHub:Smtp:CertificatePath"] = Path.Combine(Path.GetTempPath(), $"mailhub-{name}-tests-{Environment.UserName}-cert.pfx");
    }

    /// <summary>Where the SMTP listener is bound, as GET /health reports it (dependencies.smtp.data.listeners).</summary>
    public async Task<IPEndPoint> SmtpEndpointAsync()
    {
        using var client = await Task.Factory.StartNew(CreateClient, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var health = await client.GetFromJsonAsync<JsonElement>("/health");
        var listener = health.GetProperty("dependencies").GetProperty("smtp").GetProperty("data").GetProperty("listeners")[0];
        Assert.True(listener.GetProperty("listening").GetBoolean(), "the SMTP listener is not listening");
        return IPEndPoint.Parse(listener.GetProperty("address").GetString()!);
    }

    /// <summary>A client with a bearer token for the given account (the admin by default).</summary>
    public async Task<HttpClient> CreateClientAsync(string email = AdminEmail, string password = AdminPassword)
    {
        // The first CreateClient starts the host and blocks its thread until start-up (migrations included)
        // finishes. On a pool thread, several test classes starting hosts at once on 2 cores starved the pool
        // that start-up itself needs: a migration's connection open timed out after 15 s. A thread of its own.
        var client = await Task.Factory.StartNew(CreateClient, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var response = await client.PostAsJsonAsync("/api/auth/token", new { email, password });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    private sealed record TokenResponse(string AccessToken, int ExpiresIn);
}
