using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Channels.Smtp;
using MailHub.Channels.Tests.Support;
using MailHub.Mail.Smtp.Server;
using MailHub.Testing;

namespace MailHub.Channels.Tests;

/// <summary>What the admin's SMTP page reads: the listener's set-up, relay accounts with a made password, and why relays were refused.</summary>
public sealed class SmtpListenerAdminTests(SmtpListenerAdminTests.Host host) : IClassFixture<SmtpListenerAdminTests.Host>
{
    /// <summary>The channels host and a second endpoint that takes connections from 10.0.0.0/8 only (so loopback is refused).</summary>
    public sealed class Host : ChannelsHost
    {
        public Host()
        {
            Settings["MailHub:Smtp:Endpoints:1:Name"] = "office-only";
            Settings["MailHub:Smtp:Endpoints:1:Address"] = "127.0.0.1";
            Settings["MailHub:Smtp:Endpoints:1:Port"] = "0";
            Settings["MailHub:Smtp:Endpoints:1:TlsMode"] = "None";
            Settings["MailHub:Smtp:Endpoints:1:AuthRequired"] = "true";
            Settings["MailHub:Smtp:Endpoints:1:RequireAllowedIp"] = "true";
            Settings["MailHub:Smtp:Endpoints:1:AllowedNetworks:0"] = "10.0.0.0/8";
        }
    }

    [Fact]
    public async Task The_listener_page_shows_its_endpoints_as_bound_its_domains_and_configured_relay_users_without_their_passwords()
    {
        using var admin = await host.CreateClientAsync();
        var text = await admin.GetStringAsync("/api/channels/smtp");
        var listener = JsonDocument.Parse(text).RootElement;

        Assert.True(listener.GetProperty("enabled").GetBoolean());
        Assert.Equal("mailhub.test", listener.GetProperty("serverName").GetString());
        var endpoints = listener.GetProperty("endpoints").EnumerateArray().ToList();
        Assert.Equal(["test", "office-only"], endpoints.Select(e => e.GetProperty("name").GetString()));
        Assert.Equal(host.Smtp.ToString(), endpoints[0].GetProperty("listeningOn").GetString());
        Assert.Equal("startTls", endpoints[0].GetProperty("tlsMode").GetString());
        Assert.False(endpoints[0].GetProperty("authRequired").GetBoolean());
        Assert.True(endpoints[1].GetProperty("authRequired").GetBoolean());
        Assert.Equal(["10.0.0.0/8"], endpoints[1].GetProperty("allowedNetworks").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(["example.com"], listener.GetProperty("acceptDomains").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal([ChannelsHost.RelayUser], listener.GetProperty("configuredRelayAccounts").EnumerateArray().Select(d => d.GetString()));
        Assert.DoesNotContain(ChannelsHost.RelayPassword, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_relay_account_made_without_a_password_is_answered_one_once_and_logs_in_with_it()
    {
        using var admin = await host.CreateClientAsync();
        var response = await admin.PostAsJsonAsync("/api/channels/relay-accounts", new { userName = "made-for-me" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var password = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("password").GetString()!;
        Assert.Equal(24, password.Length);
        Assert.DoesNotContain(password, await admin.GetStringAsync("/api/channels/relay-accounts"), StringComparison.Ordinal);

        var (exit, output) = await Swaks("made-for-me", password, "made password");
        Assert.True(exit == 0, output);
        Assert.Equal("made password", (await host.SingleBySubjectAsync("made password")).GetProperty("subject").GetString());

        // A password given is not answered back.
        var given = await admin.PostAsJsonAsync("/api/channels/relay-accounts", new { userName = "chosen", password = "chosen-password-1" });
        Assert.False((await given.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("password", out var echoed) && echoed.ValueKind != JsonValueKind.Null);
    }

    [Fact]
    public async Task Refusals_say_when_from_where_at_which_stage_what_was_answered_and_as_whom()
    {
        var (exit, output) = await Swaks("pipeline", "not-the-password", "wrong password");
        Assert.NotEqual(0, exit);
        Assert.Contains("535 ", output, StringComparison.Ordinal);
        await using (var probe = await SmtpProbe.ConnectAsync(host.Smtp))
            Assert.StartsWith("550 5.7.1", await probe.SendAsync("a@example.org", "victim@elsewhere.test", "Subject: relay\r\n\r\nhi\r\n"), StringComparison.Ordinal);
        await using (var refused = await SmtpProbe.ConnectAsync(host.SmtpEndpoints[1]))
            Assert.StartsWith("554 5.7.1", refused.Greeting, StringComparison.Ordinal);

        using var admin = await host.CreateClientAsync();
        var page = await admin.GetFromJsonAsync<JsonElement>("/api/channels/smtp/refusals");
        var refusals = page.GetProperty("refusals").EnumerateArray().ToList();
        Assert.Equal(SmtpRefusals.Capacity, page.GetProperty("kept").GetInt32());

        var auth = Assert.Single(refusals, r => r.GetProperty("stage").GetString() == "AUTH");
        Assert.Equal(535, auth.GetProperty("code").GetInt32());
        Assert.StartsWith("5.7.8", auth.GetProperty("reply").GetString(), StringComparison.Ordinal);
        Assert.Equal("pipeline", auth.GetProperty("userName").GetString());
        Assert.Equal("127.0.0.1", auth.GetProperty("remoteAddress").GetString());
        Assert.Equal("test", auth.GetProperty("endpoint").GetString());
        Assert.DoesNotContain("not-the-password", page.ToString(), StringComparison.Ordinal);

        var rcpt = Assert.Single(refusals, r => r.GetProperty("stage").GetString() == "RCPT");
        Assert.Equal(550, rcpt.GetProperty("code").GetInt32());
        Assert.Equal("<victim@elsewhere.test>", rcpt.GetProperty("argument").GetString());
        Assert.Equal(JsonValueKind.Null, rcpt.GetProperty("userName").ValueKind);

        var connect = Assert.Single(refusals, r => r.GetProperty("stage").GetString() == "connect");
        Assert.Equal(554, connect.GetProperty("code").GetInt32());
        Assert.Equal("office-only", connect.GetProperty("endpoint").GetString());

        // Newest first: the connection refused last comes before the recipient, which comes before the password.
        Assert.True(refusals.IndexOf(connect) < refusals.IndexOf(rcpt) && refusals.IndexOf(rcpt) < refusals.IndexOf(auth), page.ToString());
    }

    [Fact]
    public void The_refusals_kept_are_the_last_two_hundred_newest_first()
    {
        var refusals = new SmtpRefusals();
        for (var i = 0; i < SmtpRefusals.Capacity + 50; i++)
            refusals.Add(new SmtpRefusal(DateTimeOffset.UnixEpoch.AddSeconds(i), "test", IPAddress.Loopback, "RCPT", 550, $"5.7.1 #{i}", null, null));

        var (newest, total) = refusals.Read();
        Assert.Equal(SmtpRefusals.Capacity + 50, total);
        Assert.Equal(SmtpRefusals.Capacity, newest.Count);
        Assert.Equal($"5.7.1 #{SmtpRefusals.Capacity + 49}", newest[0].Reply);
        Assert.Equal("5.7.1 #50", newest[^1].Reply);
    }

    private Task<(int ExitCode, string Output)> Swaks(string user, string password, string subject) =>
        ExternalTool.RunAsync("swaks",
            "--server", $"127.0.0.1:{host.SmtpPort}", "--from", "qa@example.org", "--to", "qa@example.com",
            "--tls", "--auth", "PLAIN", "--auth-user", user, "--auth-password", password, "--header", "Subject: " + subject);
}
