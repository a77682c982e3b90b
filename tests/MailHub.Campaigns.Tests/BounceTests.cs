using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MailHub.Testing;

namespace MailHub.Campaigns.Tests;

/// <summary>The host with its SMTP listener on a loopback port, where DSNs for a campaign's mailbox arrive.</summary>
public sealed class BounceHost : CampaignsHost
{
    public BounceHost()
    {
        ListenForSmtp("campaigns-bounces");
        Settings["MailHub:Campaigns:SoftBounceLimit"] = "2";
    }
}

/// <summary>Delivery status notifications (RFC 3464) matched back to the recipient by the original Message-ID.</summary>
public sealed class BounceTests(BounceHost host) : IClassFixture<BounceHost>
{
    [Fact]
    public async Task A_hard_bounce_marks_the_recipient_bounced_and_suppresses_it_and_soft_bounces_suppress_after_the_limit()
    {
        using var client = await host.CreateClientAsync();
        var mailbox = (await CampaignApi.PostAsync(client, "/api/channels/mailboxes", new { name = "Bounce desk", inbound = new { protocol = "sandbox" } }));
        var mailboxId = mailbox.GetProperty("id").GetGuid();
        var address = mailbox.GetProperty("address").GetString()!;
        var audience = await CampaignApi.AudienceAsync(client, "Bouncy", "email", "gone@example.net", "full@example.net", "fine@example.net");
        var campaign = (await CampaignApi.PostAsync(client, "/api/campaigns", new
        {
            name = "Bouncy", audienceId = audience, mailboxIds = new[] { mailboxId }, subject = "News", text = "Hello",
        })).GetProperty("id").GetGuid();
        await CampaignApi.PostAsync(client, $"/api/campaigns/{campaign}/send");
        await CampaignWaits.StatusAsync(client, campaign, "done");
        var ids = (await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaign}/recipients")).GetProperty("items").EnumerateArray()
            .ToDictionary(r => r.GetProperty("email").GetString()!, r => r.GetProperty("messageId").GetString()!);
        var smtp = await host.SmtpEndpointAsync();

        await CustomerSmtp.SendAsync(smtp, "", address, Dsn(address, "dsn-1", "gone@example.net", ids["gone@example.net"], "failed", "5.1.1", "550 5.1.1 User unknown"));
        await CustomerSmtp.SendAsync(smtp, "", address, Dsn(address, "dsn-2", "full@example.net", ids["full@example.net"], "delayed", "4.2.2", "452 4.2.2 Mailbox full"));

        var bounced = await Eventually.GetAsync<JsonElement?>(async () =>
        {
            var c = await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaign}");
            return c.GetProperty("counts").GetProperty("bounced").GetInt64() == 1 ? c : null;
        }, "the hard bounce counted", TimeSpan.FromSeconds(30));
        Assert.Equal(2, bounced!.Value.GetProperty("counts").GetProperty("sent").GetInt64());
        var gone = Assert.Single((await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaign}/recipients?status=bounced")).GetProperty("items").EnumerateArray());
        Assert.Equal("gone@example.net", gone.GetProperty("email").GetString());
        var suppressions = await client.GetFromJsonAsync<JsonElement>("/api/campaigns/suppressions?q=@example.net");
        Assert.Equal(["gone@example.net"], suppressions.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("email").GetString()));
        Assert.Equal("bounced", suppressions.GetProperty("items")[0].GetProperty("reason").GetString());

        // A second soft bounce reaches the limit (2 here): the address is suppressed, the recipient stays sent.
        await CustomerSmtp.SendAsync(smtp, "", address, Dsn(address, "dsn-3", "full@example.net", ids["full@example.net"], "delayed", "4.2.2", "452 4.2.2 Mailbox full"));
        var both = await Eventually.GetAsync<JsonElement?>(async () =>
        {
            var s = await client.GetFromJsonAsync<JsonElement>("/api/campaigns/suppressions?q=full@example.net");
            return s.GetProperty("total").GetInt64() == 1 ? s : null;
        }, "the address suppressed after two soft bounces", TimeSpan.FromSeconds(30));
        Assert.Equal("bounced", both!.Value.GetProperty("items")[0].GetProperty("reason").GetString());
        var after = await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaign}");
        Assert.Equal(1, after.GetProperty("counts").GetProperty("bounced").GetInt64());
    }

    private static byte[] Dsn(string to, string id, string recipient, string messageId, string action, string status, string diagnostic) =>
        Encoding.UTF8.GetBytes($"""
            From: Mail Delivery System <MAILER-DAEMON@mx.example.net>
            To: {to}
            Subject: Undelivered Mail Returned to Sender
            Message-ID: <{id}@mx.example.net>
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="dsn-boundary"

            --dsn-boundary
            Content-Type: text/plain

            The mail to {recipient} could not be delivered.
            --dsn-boundary
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.net

            Final-Recipient: rfc822; {recipient}
            Action: {action}
            Status: {status}
            Diagnostic-Code: smtp; {diagnostic}

            --dsn-boundary
            Content-Type: text/rfc822-headers

            Message-ID: <{messageId}>
            Subject: News

            --dsn-boundary--

            """.ReplaceLineEndings("\r\n"));
}
