using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace MailHub.Campaigns.Tests;

/// <summary>The host with capture off, sending campaigns to a scripted SMTP server and retrying quickly.</summary>
public sealed class SmtpCampaignHost : CampaignsHost
{
    /// <summary>Refuses RCPT for refused@… with 550 5.1.1; answers the first DATA for slow@… with 451 4.3.0, then 250.</summary>
    public SmtpPeer Peer { get; }

    public SmtpCampaignHost()
    {
        Peer = new("8BITMIME", "SIZE 10000000")
        {
            Replies = line => line.StartsWith("RCPT", StringComparison.OrdinalIgnoreCase) && line.Contains("<refused@", StringComparison.OrdinalIgnoreCase)
                ? "550 5.1.1 <refused@example.org>: Recipient address rejected: User unknown" : null,
            DataReply = message => message.Recipients.Any(r => r.StartsWith("slow@", StringComparison.Ordinal))
                && !Peer!.Messages.Any(m => m.MessageId == message.MessageId && m != message)
                ? "451 4.3.0 Temporary local problem, try again later" : "250 2.0.0 Ok: queued",
        };
        Settings["MailHub:Outbound:Capture"] = "false";
        Settings["MailHub:Outbound:RetryDelay"] = "00:00:00.500";
        Settings["MailHub:Outbound:PollInterval"] = "00:00:00.200";
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // Added last, so it wins over appsettings.Testing.json's capture.
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(Settings));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Peer.DisposeAsync();
    }
}

/// <summary>Per-recipient outcomes from a real SMTP conversation: 4xx retried with backoff and the same Message-ID, 5xx final.</summary>
public sealed class SmtpOutcomeTests(SmtpCampaignHost host) : IClassFixture<SmtpCampaignHost>
{
    [Fact]
    public async Task A_451_is_retried_to_success_and_a_550_fails_that_recipient_with_the_servers_words()
    {
        using var client = await host.CreateClientAsync();
        var mailbox = (await CampaignApi.PostAsync(client, "/api/channels/mailboxes", new
        {
            name = "Marketing",
            address = "news@relay.example.com",
            inbound = new { protocol = "relay" },
            outbound = new { host = "127.0.0.1", port = host.Peer.Port, security = "none" },
        })).GetProperty("id").GetGuid();
        var audience = await CampaignApi.AudienceAsync(client, "SMTP outcomes", "email", "ok@example.org", "refused@example.org", "slow@example.org");
        var campaign = (await CampaignApi.PostAsync(client, "/api/campaigns", new
        {
            name = "Outcomes", audienceId = audience, mailboxIds = new[] { mailbox }, subject = "News", text = "Hello",
        })).GetProperty("id").GetGuid();
        await CampaignApi.PostAsync(client, $"/api/campaigns/{campaign}/send");

        var done = await CampaignWaits.StatusAsync(client, campaign, "done");
        var counts = done.GetProperty("counts");
        Assert.Equal(2, counts.GetProperty("sent").GetInt64());
        Assert.Equal(1, counts.GetProperty("failed").GetInt64());

        var failed = Assert.Single((await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaign}/recipients?status=failed"))
            .GetProperty("items").EnumerateArray());
        Assert.Equal("refused@example.org", failed.GetProperty("email").GetString());
        Assert.StartsWith("550 5.1.1", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, failed.GetProperty("attempts").GetInt32());

        var sent = (await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaign}/recipients?status=sent")).GetProperty("items")
            .EnumerateArray().ToDictionary(r => r.GetProperty("email").GetString()!);
        var slow = sent["slow@example.org"];
        Assert.Equal(2, slow.GetProperty("attempts").GetInt32());
        var slowId = slow.GetProperty("messageId").GetString();
        var received = host.Peer.Messages.Where(m => m.MessageId == slowId).ToList();
        Assert.Equal(2, received.Count); // the 451, then the 250: the same Message-ID both times
        Assert.Single(host.Peer.Messages, m => m.MessageId == sent["ok@example.org"].GetProperty("messageId").GetString());
        Assert.DoesNotContain(host.Peer.Messages, m => m.Recipients.Contains("refused@example.org"));

        // The report: the two sent and the one failed, each in the minute it happened, minutes starting in Shanghai's time.
        var report = await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaign}/report?bucket=minute&tz=Asia/Shanghai");
        Assert.Equal("Asia/Shanghai", report.GetProperty("timeZone").GetString());
        Assert.Equal(2, report.GetProperty("counts").GetProperty("sent").GetInt64());
        var series = report.GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(2, series.Sum(p => p.GetProperty("sent").GetInt64()));
        Assert.Equal(1, series.Sum(p => p.GetProperty("failed").GetInt64()));
        Assert.All(series, p => Assert.Equal(0, p.GetProperty("at").GetDateTimeOffset().Second));
        var day = (await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaign}/report?bucket=day&tz=Asia/Shanghai")).GetProperty("series");
        // Days start at midnight in Shanghai (16:00 UTC the day before).
        Assert.All(day.EnumerateArray(), p => Assert.Equal(TimeSpan.Zero, p.GetProperty("at").GetDateTimeOffset().ToOffset(TimeSpan.FromHours(8)).TimeOfDay));
        Assert.Equal(2, day.EnumerateArray().Sum(p => p.GetProperty("sent").GetInt64()));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await client.GetAsync($"/api/campaigns/{campaign}/report?bucket=week")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await client.GetAsync($"/api/campaigns/{campaign}/report?tz=Mars/Olympus")).StatusCode);
    }
}
