using MailHub.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Channels.Addresses;
using MailHub.Channels.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MailHub.Channels.Tests;

/// <summary>No open relay, relay accounts over STARTTLS, claimed addresses.</summary>
public sealed class RelayPolicyTests(ChannelsHost host) : IClassFixture<ChannelsHost>
{
    [Fact]
    public async Task A_foreign_recipient_is_refused_550_5_7_1_even_after_AUTH_over_STARTTLS()
    {
        var (exit, output) = await ExternalTool.RunAsync("swaks",
            "--server", $"127.0.0.1:{host.SmtpPort}", "--from", "a@example.org", "--to", "victim@elsewhere.test",
            "--tls", "--auth", "LOGIN", "--auth-user", ChannelsHost.RelayUser, "--auth-password", ChannelsHost.RelayPassword);

        Assert.NotEqual(0, exit);
        Assert.Contains("235 ", output, StringComparison.Ordinal);
        Assert.Contains("550 5.7.1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_535_and_AUTH_is_not_offered_before_STARTTLS()
    {
        await using (var probe = await SmtpProbe.ConnectAsync(host.Smtp))
        {
            var ehlo = await probe.CommandAsync("EHLO probe.test");
            Assert.Contains("STARTTLS", ehlo, StringComparison.Ordinal);
            Assert.DoesNotContain("AUTH", ehlo, StringComparison.Ordinal);
        }

        var (exit, output) = await ExternalTool.RunAsync("swaks",
            "--server", $"127.0.0.1:{host.SmtpPort}", "--from", "a@example.org", "--to", "b@example.com",
            "--tls", "--auth", "PLAIN", "--auth-user", ChannelsHost.RelayUser, "--auth-password", "wrong");
        Assert.NotEqual(0, exit);
        Assert.Contains("535 ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_relay_account_made_through_the_API_authenticates_over_STARTTLS_until_it_is_deleted()
    {
        using var admin = await host.CreateClientAsync();
        var created = await admin.PostAsJsonAsync("/api/channels/relay-accounts", new { userName = "qa-pipeline", password = "pipeline-password-1" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var again = await admin.PostAsJsonAsync("/api/channels/relay-accounts", new { userName = "qa-pipeline", password = "other-password-2" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var list = await admin.GetFromJsonAsync<JsonElement>("/api/channels/relay-accounts");
        Assert.Contains(list.EnumerateArray(), a => a.GetProperty("userName").GetString() == "qa-pipeline");
        Assert.DoesNotContain("pipeline-password", list.ToString(), StringComparison.Ordinal);

        var (exit, output) = await Swaks("qa-pipeline", "pipeline-password-1", "relay account api");
        Assert.True(exit == 0, output);
        var item = await host.SingleBySubjectAsync("relay account api");
        using var detail = await admin.GetAsync($"/api/inbound/messages/{item.GetProperty("id").GetString()}");
        var envelope = (await detail.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("envelope");
        Assert.Equal("qa-pipeline", envelope.GetProperty("authenticatedUser").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/channels/relay-accounts/qa-pipeline")).StatusCode);
        (exit, output) = await Swaks("qa-pipeline", "pipeline-password-1", "relay account deleted");
        Assert.NotEqual(0, exit);
        Assert.Contains("535 ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Relay_accounts_are_for_admins_only()
    {
        var anonymous = host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/channels/relay-accounts")).StatusCode);
    }

    [Fact]
    public async Task A_claimed_address_or_domain_is_accepted_and_unclaiming_refuses_it_again()
    {
        var claims = host.Services.GetRequiredService<ClaimedAddresses>();
        var mailbox = Guid.NewGuid();
        await claims.ClaimAsync("Sales@Claimed.test", mailbox);
        await claims.ClaimAsync("whole-domain.test");

        await using (var probe = await SmtpProbe.ConnectAsync(host.Smtp))
        {
            Assert.StartsWith("250 ", await probe.SendAsync("a@example.org", "sales@claimed.test", "Subject: claimed address\r\n\r\nhi\r\n"), StringComparison.Ordinal);
            Assert.StartsWith("250 ", await probe.SendAsync("a@example.org", "anyone@whole-domain.test", "Subject: claimed domain\r\n\r\nhi\r\n"), StringComparison.Ordinal);
            Assert.StartsWith("550 5.7.1", await probe.SendAsync("a@example.org", "other@claimed.test", "Subject: not claimed\r\n\r\nhi\r\n"), StringComparison.Ordinal);
        }

        var list = await host.ListAsync($"?mailbox={mailbox}");
        Assert.Equal("claimed address", Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("subject").GetString());

        Assert.True(await claims.UnclaimAsync("whole-domain.test"));
        await using (var probe = await SmtpProbe.ConnectAsync(host.Smtp))
            Assert.StartsWith("550 5.7.1", await probe.SendAsync("a@example.org", "anyone@whole-domain.test", "Subject: unclaimed\r\n\r\nhi\r\n"), StringComparison.Ordinal);
    }

    private Task<(int ExitCode, string Output)> Swaks(string user, string password, string subject) =>
        ExternalTool.RunAsync("swaks",
            "--server", $"127.0.0.1:{host.SmtpPort}", "--from", "qa@example.org", "--to", "qa@example.com",
            "--tls", "--auth", "PLAIN", "--auth-user", user, "--auth-password", password, "--header", "Subject: " + subject);
}

/// <summary>Client IP allow-lists per endpoint.</summary>
public sealed class IpAllowListTests : IClassFixture<IpAllowListTests.Host>
{
    public sealed class Host : ChannelsHost
    {
        public Host()
        {
            Settings["MailHub:Smtp:Endpoints:1:Name"] = "private-network-only";
            Settings["MailHub:Smtp:Endpoints:1:Address"] = "127.0.0.1";
            Settings["MailHub:Smtp:Endpoints:1:Port"] = "0";
            Settings["MailHub:Smtp:Endpoints:1:TlsMode"] = "None";
            Settings["MailHub:Smtp:Endpoints:1:RequireAllowedIp"] = "true";
            Settings["MailHub:Smtp:Endpoints:1:AllowedNetworks:0"] = "10.0.0.0/8";
            Settings["MailHub:Smtp:Endpoints:2:Name"] = "loopback-only";
            Settings["MailHub:Smtp:Endpoints:2:Address"] = "127.0.0.1";
            Settings["MailHub:Smtp:Endpoints:2:Port"] = "0";
            Settings["MailHub:Smtp:Endpoints:2:TlsMode"] = "None";
            Settings["MailHub:Smtp:Endpoints:2:RequireAllowedIp"] = "true";
            Settings["MailHub:Smtp:Endpoints:2:AllowedNetworks:0"] = "127.0.0.0/8";
        }
    }

    private readonly Host _host;

    public IpAllowListTests(Host host) => _host = host;

    [Fact]
    public async Task A_client_outside_the_allowed_networks_is_refused_with_554_and_one_inside_delivers()
    {
        await using (var refused = await SmtpProbe.ConnectAsync(_host.SmtpEndpoints[1]))
            Assert.StartsWith("554 5.7.1", refused.Greeting, StringComparison.Ordinal);

        await using var allowed = await SmtpProbe.ConnectAsync(_host.SmtpEndpoints[2]);
        Assert.StartsWith("220 ", allowed.Greeting, StringComparison.Ordinal);
        Assert.StartsWith("250 ", await allowed.SendAsync("a@example.org", "b@example.com", "Subject: allowed ip\r\n\r\nhi\r\n"), StringComparison.Ordinal);
    }
}
