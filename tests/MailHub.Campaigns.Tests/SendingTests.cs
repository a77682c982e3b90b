using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Testing;
using MimeKit;

namespace MailHub.Campaigns.Tests;

/// <summary>Campaigns sent through a QA sandbox mailbox: merge fields, headers, suppression, one-click unsubscribe, pause and resume.</summary>
public sealed class SendingTests(CampaignsHost host) : IClassFixture<CampaignsHost>
{
    private static object Draft(Guid audience, Guid mailbox, string name, int? perMinute = null) => new
    {
        name,
        audienceId = audience,
        mailboxIds = new[] { mailbox },
        subject = "{{ name | default: \"Friend\" }}, your {{ plan }} offer",
        html = "<p>Hello {{ name | default: \"friend\" }} from {{ city }}</p>",
        text = "Hello {{ name | default: \"friend\" }} from {{ city }}",
        defaults = new Dictionary<string, string> { ["plan"] = "standard" },
        perMinute,
    };

    [Fact]
    public async Task Preview_check_and_test_send_merge_each_recipients_fields_and_warn_of_what_they_lack()
    {
        using var client = await host.CreateClientAsync();
        var mailbox = await CampaignApi.SandboxMailboxAsync(client, "Preview desk");
        var audience = await CampaignApi.AudienceAsync(client, "Preview list", "email,name,city,plan",
            "ann@example.com,Ann <b>,Berlin,gold", "nocity@example.com,,,");
        var campaign = (await CampaignApi.PostAsync(client, "/api/campaigns", Draft(audience, mailbox, "Preview"))).GetProperty("id").GetGuid();

        var ann = await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaign}/preview?email=ann@example.com");
        Assert.Equal("Ann <b>, your gold offer", ann.GetProperty("subject").GetString());
        Assert.StartsWith("<p>Hello Ann &lt;b&gt; from Berlin</p>", ann.GetProperty("html").GetString(), StringComparison.Ordinal);
        Assert.Empty(ann.GetProperty("missing").EnumerateArray());
        var other = await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaign}/preview?email=nocity@example.com");
        Assert.Equal("Friend, your standard offer", other.GetProperty("subject").GetString());
        Assert.Equal(["city"], other.GetProperty("missing").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/campaigns/{campaign}/preview?email=stranger@example.com")).StatusCode);

        var check = await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaign}/check");
        Assert.Equal(2, check.GetProperty("checked").GetInt32());
        var missing = Assert.Single(check.GetProperty("missing").EnumerateArray());
        Assert.Equal("city", missing.GetProperty("field").GetString());
        Assert.Equal(["nocity@example.com"], missing.GetProperty("examples").EnumerateArray().Select(e => e.GetString()));

        var test = await CampaignApi.PostAsync(client, $"/api/campaigns/{campaign}/test", new { to = new[] { "qa@example.org" }, @as = "ann@example.com" });
        var messageId = Assert.Single(test.GetProperty("messageIds").EnumerateArray()).GetString();
        var captured = await client.GetFromJsonAsync<JsonElement>("/api/sandbox/messages/wait?to=qa@example.org&timeout=30");
        Assert.Equal(messageId, captured.GetProperty("messageId").GetString());
        Assert.Equal("[Test] Ann <b>, your gold offer", captured.GetProperty("subject").GetString());
        // A test send is no campaign send: the draft stays a draft with no recipients.
        var after = await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaign}");
        Assert.Equal("draft", after.GetProperty("status").GetString());
        Assert.Equal(0, after.GetProperty("counts").GetProperty("total").GetInt64());

        var bad = await client.PostAsJsonAsync("/api/campaigns", new
        {
            name = "Broken", audienceId = audience, mailboxIds = new[] { mailbox }, subject = "Hi {{ name", text = "x",
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("subject", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task A_campaign_reaches_each_subscriber_once_with_one_click_unsubscribe_headers_and_the_next_one_skips_who_unsubscribed()
    {
        using var client = await host.CreateClientAsync();
        var mailbox = await CampaignApi.SandboxMailboxAsync(client, "Newsletter desk");
        var emails = Enumerable.Range(1, 8).Select(i => $"reader{i}@example.net").ToArray();
        var audience = await CampaignApi.AudienceAsync(client, "Readers", ["email,name,city", .. emails.Select((e, i) => $"{e},Reader {i + 1},Shanghai")]);
        // Suppressed after the import: the campaign still skips it.
        await CampaignApi.PostAsync(client, "/api/campaigns/suppressions", new { email = emails[7], reason = "bounced" });

        var first = (await CampaignApi.PostAsync(client, "/api/campaigns", Draft(audience, mailbox, "Issue 1"))).GetProperty("id").GetGuid();
        var started = await CampaignApi.PostAsync(client, $"/api/campaigns/{first}/send");
        Assert.Equal("sending", started.GetProperty("status").GetString());
        var done = await CampaignWaits.StatusAsync(client, first, "done");
        var counts = done.GetProperty("counts");
        Assert.Equal(8, counts.GetProperty("total").GetInt64());
        Assert.Equal(7, counts.GetProperty("sent").GetInt64());
        Assert.Equal(1, counts.GetProperty("suppressed").GetInt64());
        Assert.Equal(0, counts.GetProperty("queued").GetInt64());
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync($"/api/campaigns/{first}/send", new { })).StatusCode);

        var captured = await Captured.OfMailboxAsync(host.ConnectionString, mailbox);
        Assert.Equal(7, captured.Count);
        Assert.Equal(emails[..7].Order(), captured.Select(c => c.To).Order());
        var recipients = await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{first}/recipients?status=sent");
        Assert.Equal(captured.Select(c => c.MessageId).Order(),
            recipients.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("messageId").GetString()!).Order());

        var message = MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(captured.Single(c => c.To == emails[2]).Raw)));
        Assert.Equal("Reader 3, your standard offer", message.Subject);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        var listUnsubscribe = message.Headers["List-Unsubscribe"] ?? "";
        var https = System.Text.RegularExpressions.Regex.Match(listUnsubscribe, "<(https://mail.example.test/api/campaigns/unsubscribe\\?t=[^>]+)>");
        Assert.True(https.Success, listUnsubscribe);
        Assert.Contains("<mailto:", listUnsubscribe, StringComparison.Ordinal);
        Assert.Contains(https.Groups[1].Value, message.HtmlBody, StringComparison.Ordinal); // the footer's link
        Assert.Contains("Hello Reader 3 from Shanghai", message.TextBody, StringComparison.Ordinal);

        // The mail client's one-click POST (RFC 8058 §3.2), without credentials, to the header's URL.
        using var anonymous = host.CreateClient();
        var path = new Uri(https.Groups[1].Value).PathAndQuery;
        var unsubscribed = await anonymous.PostAsync(path, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, unsubscribed.StatusCode);
        var forged = await anonymous.PostAsync(path[..^4] + "AAAA", new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var suppressions = await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/suppressions?q={emails[2]}");
        Assert.Equal("unsubscribed", Assert.Single(suppressions.GetProperty("items").EnumerateArray()).GetProperty("reason").GetString());
        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{first}")).GetProperty("counts").GetProperty("unsubscribed").GetInt64());

        // The next campaign to the same list: the unsubscribed and the bounced addresses are not sent to.
        var second = (await CampaignApi.PostAsync(client, "/api/campaigns", Draft(audience, mailbox, "Issue 2"))).GetProperty("id").GetGuid();
        await CampaignApi.PostAsync(client, $"/api/campaigns/{second}/send");
        var secondDone = await CampaignWaits.StatusAsync(client, second, "done");
        Assert.Equal(6, secondDone.GetProperty("counts").GetProperty("sent").GetInt64());
        var all = await Captured.OfMailboxAsync(host.ConnectionString, mailbox);
        Assert.Equal(13, all.Count);
        Assert.Single(all, c => c.To == emails[2]);
        Assert.DoesNotContain(all, c => c.To == emails[7]);
        Assert.Equal(all.Count, all.Select(c => c.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task The_landing_page_speaks_chinese_or_english_and_its_button_unsubscribes_at_once()
    {
        using var client = await host.CreateClientAsync();
        var mailbox = await CampaignApi.SandboxMailboxAsync(client, "Landing desk");
        var audience = await CampaignApi.AudienceAsync(client, "Landing list", "email,name", "landing@example.com,Lan");
        var campaign = (await CampaignApi.PostAsync(client, "/api/campaigns", Draft(audience, mailbox, "Landing"))).GetProperty("id").GetGuid();
        var preview = await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaign}/preview");
        var link = System.Text.RegularExpressions.Regex.Match(preview.GetProperty("text").GetString()!, "https://mail.example.test(\\S+)").Groups[1].Value;

        using var anonymous = host.CreateClient();
        using var zh = new HttpRequestMessage(HttpMethod.Get, link);
        zh.Headers.AcceptLanguage.ParseAdd("zh-CN,zh;q=0.9,en;q=0.5");
        var page = await anonymous.SendAsync(zh);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("确认退订", html, StringComparison.Ordinal);
        Assert.Contains("l******@example.com", html, StringComparison.Ordinal);
        // Opening the page changes nothing (mail scanners open links).
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/campaigns/suppressions?q=landing@")).GetProperty("total").GetInt64());

        var en = await anonymous.GetStringAsync(link + "&lang=en");
        Assert.Contains(">Unsubscribe</button>", en, StringComparison.Ordinal);
        var action = System.Text.RegularExpressions.Regex.Match(en, "action=\"([^\"]+)\"").Groups[1].Value.Replace("&amp;", "&", StringComparison.Ordinal);
        var clicked = await anonymous.PostAsync(action, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click"), new("page", "1")]));
        Assert.Equal(HttpStatusCode.OK, clicked.StatusCode);
        Assert.Contains("is unsubscribed", await clicked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>("/api/campaigns/suppressions?q=landing@")).GetProperty("total").GetInt64());
        var member = await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/audiences/{audience}");
        Assert.Equal("unsubscribed", member.GetProperty("items")[0].GetProperty("state").GetString());
    }

    [Fact]
    public async Task Pause_holds_the_rest_of_a_paced_campaign_and_resume_sends_it()
    {
        using var client = await host.CreateClientAsync();
        var mailbox = await CampaignApi.SandboxMailboxAsync(client, "Paced desk");
        var emails = Enumerable.Range(1, 6).Select(i => $"paced{i}@example.net").ToArray();
        var audience = await CampaignApi.AudienceAsync(client, "Paced", ["email", .. emails]);
        var campaign = (await CampaignApi.PostAsync(client, "/api/campaigns", Draft(audience, mailbox, "Paced", perMinute: 3))).GetProperty("id").GetGuid();
        await CampaignApi.PostAsync(client, $"/api/campaigns/{campaign}/send");

        // Three go in the first minute; the rest wait for the campaign's pace.
        await Eventually.GetAsync<object>(async () => (await Captured.OfMailboxAsync(host.ConnectionString, mailbox)).Count == 3 ? new() : null,
            "the first minute's three messages", TimeSpan.FromSeconds(30));
        // Their outcomes come a moment after the captures (the outbox's events): wait for the three to read sent.
        await Eventually.GetAsync<object>(async () => (await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaign}"))
            .GetProperty("counts").GetProperty("sent").GetInt64() == 3 ? new() : null, "the three sent", TimeSpan.FromSeconds(30));
        var paused = await CampaignApi.PostAsync(client, $"/api/campaigns/{campaign}/pause");
        Assert.Equal("paused", paused.GetProperty("status").GetString());
        var queued = await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaign}/recipients?status=queued");
        Assert.Equal(3, queued.GetProperty("total").GetInt64());
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync($"/api/campaigns/{campaign}/pause", new { })).StatusCode);

        var resumed = await CampaignApi.PostAsync(client, $"/api/campaigns/{campaign}/resume");
        Assert.Equal("sending", resumed.GetProperty("status").GetString());
        var done = await CampaignWaits.StatusAsync(client, campaign, "done", TimeSpan.FromSeconds(120));
        Assert.Equal(6, done.GetProperty("counts").GetProperty("sent").GetInt64());
        var captured = await Captured.OfMailboxAsync(host.ConnectionString, mailbox);
        Assert.Equal(emails.Order(), captured.Select(c => c.To).Order());
    }

    [Fact]
    public async Task A_cancelled_campaign_sends_no_one_left_and_the_mailbox_pace_counts_replies_apart()
    {
        using var client = await host.CreateClientAsync();
        var mailbox = await CampaignApi.SandboxMailboxAsync(client, "Cancel desk");
        var audience = await CampaignApi.AudienceAsync(client, "Cancel", ["email", .. Enumerable.Range(1, 5).Select(i => $"cancel{i}@example.net")]);
        var campaign = (await CampaignApi.PostAsync(client, "/api/campaigns", Draft(audience, mailbox, "Cancel", perMinute: 2))).GetProperty("id").GetGuid();
        await CampaignApi.PostAsync(client, $"/api/campaigns/{campaign}/send");
        await Eventually.GetAsync<object>(async () => (await Captured.OfMailboxAsync(host.ConnectionString, mailbox)).Count == 2 ? new() : null,
            "the first minute's two messages", TimeSpan.FromSeconds(30));
        var cancelled = await CampaignApi.PostAsync(client, $"/api/campaigns/{campaign}/cancel");
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal(3, cancelled.GetProperty("counts").GetProperty("cancelled").GetInt64());

        var pace = await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/pace/{mailbox}");
        Assert.Equal(2, pace.GetProperty("now").GetProperty("bulkLastMinute").GetInt32());
        await CampaignApi.PostAsync(client, $"/api/channels/mailboxes/{mailbox}/test-send", new { to = "agent-reply@example.org" });
        var counted = await Eventually.GetAsync<JsonElement?>(async () =>
        {
            var p = await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/pace/{mailbox}");
            return p.GetProperty("now").GetProperty("repliesLastMinute").GetInt32() == 1 ? p : null;
        }, "the mailbox's test send counted as a reply", TimeSpan.FromSeconds(20));
        Assert.Equal(2, counted!.Value.GetProperty("now").GetProperty("bulkLastMinute").GetInt32());
    }

    [Fact]
    public async Task A_scheduled_campaign_waits_for_its_time_and_a_draft_is_rewritten_only_before_it_is_sent()
    {
        using var client = await host.CreateClientAsync();
        var mailbox = await CampaignApi.SandboxMailboxAsync(client, "Schedule desk");
        var audience = await CampaignApi.AudienceAsync(client, "Scheduled", "email", "later@example.net");
        var campaign = (await CampaignApi.PostAsync(client, "/api/campaigns", Draft(audience, mailbox, "Later"))).GetProperty("id").GetGuid();
        var rewritten = await client.PutAsJsonAsync($"/api/campaigns/{campaign}", new
        {
            name = "Later", audienceId = audience, mailboxIds = new[] { mailbox }, subject = "Rewritten {{ email }}", text = "Hi",
            sendAt = DateTimeOffset.UtcNow.AddSeconds(3),
        });
        Assert.Equal(HttpStatusCode.OK, rewritten.StatusCode);

        var scheduled = await CampaignApi.PostAsync(client, $"/api/campaigns/{campaign}/send");
        Assert.Equal("scheduled", scheduled.GetProperty("status").GetString());
        Assert.Equal(1, scheduled.GetProperty("counts").GetProperty("queued").GetInt64());
        var late = await client.PutAsJsonAsync($"/api/campaigns/{campaign}", new
        {
            name = "Later", audienceId = audience, mailboxIds = new[] { mailbox }, subject = "Too late", text = "Hi",
        });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);

        await CampaignWaits.StatusAsync(client, campaign, "done");
        var captured = Assert.Single(await Captured.OfMailboxAsync(host.ConnectionString, mailbox));
        Assert.Contains("Subject: Rewritten later@example.net", captured.Raw, StringComparison.Ordinal);
    }
}
