using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MailHub.Testing;
using MimeKit;

namespace MailHub.Campaigns.Tests;

/// <summary>The host with its SMTP listener on a loopback port, where complaints and unsubscribe mails for a campaign's mailbox arrive.</summary>
public sealed class FeedbackHost : CampaignsHost
{
    public FeedbackHost() => ListenForSmtp("campaigns-feedback");
}

/// <summary>ARF complaints (RFC 5965) and the List-Unsubscribe mailto, arriving over SMTP on the sending mailbox.</summary>
public sealed class FeedbackTests(FeedbackHost host) : IClassFixture<FeedbackHost>
{
    [Fact]
    public async Task A_complaint_report_marks_its_recipient_complained_and_mail_to_the_unsubscribe_address_unsubscribes_at_once()
    {
        using var client = await host.CreateClientAsync();
        var mailbox = await CampaignApi.PostAsync(client, "/api/channels/mailboxes", new { name = "Feedback desk", inbound = new { protocol = "sandbox" } });
        var mailboxId = mailbox.GetProperty("id").GetGuid();
        var address = mailbox.GetProperty("address").GetString()!;
        var audience = await CampaignApi.AudienceAsync(client, "Feedback", "email", "angry@example.net", "leaving@example.net", "plain@example.net",
            "happy@example.net");
        var campaign = (await CampaignApi.PostAsync(client, "/api/campaigns", new
        {
            name = "Feedback", audienceId = audience, mailboxIds = new[] { mailboxId }, subject = "News", text = "Hello",
        })).GetProperty("id").GetGuid();
        await CampaignApi.PostAsync(client, $"/api/campaigns/{campaign}/send");
        await CampaignWaits.StatusAsync(client, campaign, "done");
        var ids = (await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaign}/recipients")).GetProperty("items").EnumerateArray()
            .ToDictionary(r => r.GetProperty("email").GetString()!, r => r.GetProperty("messageId").GetString()!);
        var smtp = await host.SmtpEndpointAsync();

        // A feedback loop's report: the recipient's address redacted, as providers do; the original Message-ID names it.
        await CustomerSmtp.SendAsync(smtp, "fbl@isp.example", address, Arf(address, ids["angry@example.net"]));
        var complained = await Eventually.GetAsync<JsonElement?>(async () =>
        {
            var c = await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaign}");
            return c.GetProperty("counts").GetProperty("complained").GetInt64() == 1 ? c : null;
        }, "the complaint counted", TimeSpan.FromSeconds(30));
        Assert.Equal(3, complained!.Value.GetProperty("counts").GetProperty("sent").GetInt64());
        var angry = Assert.Single((await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaign}/recipients?status=complained"))
            .GetProperty("items").EnumerateArray());
        Assert.Equal("angry@example.net", angry.GetProperty("email").GetString());
        Assert.Equal("complained", angry.GetProperty("status").GetString());
        var suppression = await client.GetFromJsonAsync<JsonElement>("/api/campaigns/suppressions?q=angry@example.net");
        Assert.Equal("complained", Assert.Single(suppression.GetProperty("items").EnumerateArray()).GetProperty("reason").GetString());

        // The List-Unsubscribe mailto of leaving@'s message, sent as a mail client does (RFC 2369 §3.2): to the address, with the subject.
        var raw = (await Captured.OfMailboxAsync(host.ConnectionString, mailboxId)).Single(c => c.To == "leaving@example.net").Raw;
        var header = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(raw))).Headers["List-Unsubscribe"]!;
        var mailto = Regex.Match(header, "<mailto:([^?>]+)\\?subject=([^>]+)>");
        Assert.True(mailto.Success, header);
        Assert.Equal(address, mailto.Groups[1].Value);
        var subject = Uri.UnescapeDataString(mailto.Groups[2].Value);
        Assert.StartsWith("unsubscribe ", subject, StringComparison.Ordinal);
        await CustomerSmtp.SendAsync(smtp, "someone-else@example.org", address, Plain("someone-else@example.org", address, subject));
        // A person writing "退订" from an address the campaign went to through this mailbox.
        await CustomerSmtp.SendAsync(smtp, "plain@example.net", address, Plain("plain@example.net", address, "退订"));
        // "unsubscribe" from an address no campaign of this mailbox went to changes nothing.
        await CustomerSmtp.SendAsync(smtp, "stranger@example.net", address, Plain("stranger@example.net", address, "unsubscribe"));

        await Eventually.GetAsync<object>(async () =>
        {
            var s = await client.GetFromJsonAsync<JsonElement>("/api/campaigns/suppressions?q=@example.net");
            return s.GetProperty("total").GetInt64() == 3 ? new() : null;
        }, "leaving@ and plain@ unsubscribed by mail", TimeSpan.FromSeconds(30));
        var suppressions = (await client.GetFromJsonAsync<JsonElement>("/api/campaigns/suppressions?q=@example.net")).GetProperty("items").EnumerateArray()
            .ToDictionary(s => s.GetProperty("email").GetString()!, s => s.GetProperty("reason").GetString());
        Assert.Equal("unsubscribed", suppressions["leaving@example.net"]);
        Assert.Equal("unsubscribed", suppressions["plain@example.net"]);
        Assert.False(suppressions.ContainsKey("happy@example.net"));
        Assert.False(suppressions.ContainsKey("stranger@example.net"));
        var counts = (await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaign}")).GetProperty("counts");
        Assert.Equal(2, counts.GetProperty("unsubscribed").GetInt64());
    }

    private static byte[] Plain(string from, string to, string subject) =>
        Encoding.UTF8.GetBytes($"""
            From: <{from}>
            To: <{to}>
            Subject: =?utf-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(subject))}?=
            Message-ID: <{Guid.NewGuid():N}@example.org>
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8

            Please take me off the list.

            """.ReplaceLineEndings("\r\n"));

    /// <summary>An ARF report (RFC 5965 §2): text, message/feedback-report, the original's headers.</summary>
    private static byte[] Arf(string to, string messageId) =>
        Encoding.UTF8.GetBytes($"""
            From: Feedback Loop <fbl@isp.example>
            To: {to}
            Subject: FW: News
            Message-ID: <{Guid.NewGuid():N}@isp.example>
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=feedback-report; boundary="arf-boundary"

            --arf-boundary
            Content-Type: text/plain

            This is an email abuse report for an email message received from a user of isp.example.
            --arf-boundary
            Content-Type: message/feedback-report

            Feedback-Type: abuse
            User-Agent: ExampleFBL/1.0
            Version: 1
            Original-Mail-From: <{to}>
            Arrival-Date: Mon, 7 Dec 2026 18:00:00 +0000

            --arf-boundary
            Content-Type: text/rfc822-headers

            From: {to}
            To: redacted@example.net
            Subject: News
            Message-ID: <{messageId}>

            --arf-boundary--

            """.ReplaceLineEndings("\r\n"));
}
