using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Channels.Smtp;
using MailHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MailHub.Channels.Tests.Support;

/// <summary>
/// The real host on its own database, with the SMTP listener on a free loopback port: STARTTLS offered,
/// mail accepted for example.com, one configured relay account ("relay" / "s3cret").
/// </summary>
public class ChannelsHost : MailHubFactory
{
    public const string RelayUser = "relay";
    public const string RelayPassword = "s3cret-relay-password";

    public ChannelsHost()
    {
        Settings["MailHub:Smtp:ServerName"] = "mailhub.test";
        Settings["MailHub:Smtp:Endpoints:0:Name"] = "test";
        Settings["MailHub:Smtp:Endpoints:0:Address"] = "127.0.0.1";
        Settings["MailHub:Smtp:Endpoints:0:Port"] = "0";
        Settings["MailHub:Smtp:Endpoints:0:TlsMode"] = "StartTls";
        Settings["MailHub:Smtp:AcceptDomains:0"] = "example.com";
        Settings["MailHub:Smtp:RelayAccounts:0:UserName"] = RelayUser;
        Settings["MailHub:Smtp:RelayAccounts:0:Password"] = RelayPassword;
        Settings["MailHub:Smtp:MaxConnectionsPerIp"] = "200";
        Settings["MailHub:Smtp:CertificatePath"] = Path.Combine(Path.GetTempPath(), $"mailhub-channels-tests-{Environment.UserName}", "smtp-cert.pfx");
    }

    private SmtpListener Listener => Services.GetRequiredService<SmtpListener>();

    /// <summary>The first endpoint, as bound.</summary>
    public IPEndPoint Smtp => Listener.ListeningEndpoints[0];

    public int SmtpPort => Smtp.Port;

    public IReadOnlyList<IPEndPoint> SmtpEndpoints => Listener.ListeningEndpoints;

    public async Task<NpgsqlDataSource> DatabaseAsync()
    {
        _ = Services; // starts the host, which migrates the database
        await Task.CompletedTask;
        return NpgsqlDataSource.Create(ConnectionString);
    }

    /// <summary>GET /api/inbound/messages with a query string, as the admin.</summary>
    public async Task<JsonElement> ListAsync(string query = "")
    {
        using var client = await CreateClientAsync();
        return await client.GetFromJsonAsync<JsonElement>("/api/inbound/messages" + query);
    }

    /// <summary>The single message whose subject contains <paramref name="subject"/>.</summary>
    public async Task<JsonElement> SingleBySubjectAsync(string subject)
    {
        var list = await ListAsync("?subject=" + Uri.EscapeDataString(subject));
        return Assert.Single(list.GetProperty("items").EnumerateArray());
    }

    /// <summary>Blocks new connections to the test database and ends the open ones: PostgreSQL is "down".</summary>
    public async Task TakeDatabaseDownAsync(bool down = true)
    {
        var target = new NpgsqlConnectionStringBuilder(ConnectionString);
        var database = target.Database!;
        target.Database = "postgres";
        await using (var admin = new NpgsqlConnection(target.ConnectionString))
        {
            await admin.OpenAsync();
            await using var block = new NpgsqlCommand($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS {(down ? "false" : "true")}", admin);
            await block.ExecuteNonQueryAsync();
            if (down)
            {
                await using var kick = new NpgsqlCommand($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'", admin);
                await kick.ExecuteNonQueryAsync();
            }
        }
        NpgsqlConnection.ClearAllPools();
    }
}
