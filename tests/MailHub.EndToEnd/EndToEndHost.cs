using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Testing;

namespace MailHub.EndToEnd;

/// <summary>
/// The real host on a fresh database with its SMTP listener on a free loopback port (plain SMTP, as a
/// relay or a QA tool connects). Tests reach it only as QA does: HTTP and SMTP.
/// </summary>
public sealed class EndToEndHost : MailHubFactory
{
    public EndToEndHost()
    {
        Settings["MailHub:Smtp:ServerName"] = "mailhub.test";
        Settings["MailHub:Smtp:Endpoints:0:Name"] = "e2e";
        Settings["MailHub:Smtp:Endpoints:0:Address"] = "127.0.0.1";
        Settings["MailHub:Smtp:Endpoints:0:Port"] = "0";
        Settings["MailHub:Smtp:Endpoints:0:TlsMode"] = "None";
        Settings["MailHub:Smtp:CertificatePath"] = Path.Combine(Path.GetTempPath(), $"mailhub-e2e-tests-{Environment.UserName}-cert.pfx");
    }

    /// <summary>Where the SMTP listener is bound, as GET /health reports it (dependencies.smtp.data.listeners).</summary>
    public async Task<IPEndPoint> SmtpEndpointAsync()
    {
        using var client = CreateClient();
        var health = await client.GetFromJsonAsync<JsonElement>("/health");
        var listener = health.GetProperty("dependencies").GetProperty("smtp").GetProperty("data").GetProperty("listeners")[0];
        Assert.True(listener.GetProperty("listening").GetBoolean(), "the SMTP listener is not listening");
        return IPEndPoint.Parse(listener.GetProperty("address").GetString()!);
    }
}
