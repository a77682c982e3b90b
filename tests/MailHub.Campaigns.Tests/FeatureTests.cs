using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MailHub.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using MimeKit;

namespace MailHub.Campaigns.Tests;

/// <summary>Audiences from the directory, rotation over mailboxes, provider pace presets, open and click tracking.</summary>
public sealed class FeatureTests(CampaignsHost host) : IClassFixture<CampaignsHost>
{
    private static async Task<(Guid Id, string Address)> SandboxAsync(HttpClient client, string name)
    {
        var mailbox = await CampaignApi.PostAsync(client, "/api/channels/mailboxes", new { name, inbound = new { protocol = "sandbox" } });
        return (mailbox.GetProperty("id").GetGuid(), mailbox.GetProperty("address").GetString()!);
    }

    [Fact]
    public async Task An_audience_from_the_directory_takes_the_matching_customers_addresses_and_skips_suppressed_ones()
    {
        using var client = await host.CreateClientAsync();
        async Task<Guid> Customer(string name, string company, string[] tags, params string[] emails)
        {
            var id = (await CampaignApi.PostAsync(client, "/api/directory/customers", new { name, company, emails })).GetProperty("id").GetGuid();
            var tagged = await client.PutAsJsonAsync($"/api/directory/customers/{id}/tags", new { tags });
            Assert.Equal(HttpStatusCode.OK, tagged.StatusCode);
            return id;
        }
        await Customer("Ann Li", "Acme Trading", ["vip-2026"], "ann@acme.example", "ann.li@acme.example");
        await Customer("Bob Wu", "Acme Trading", ["vip-2026", "wholesale"], "bob@acme.example");
        await Customer("Cat Xu", "Other Co", ["vip-2026"], "cat@other.example");
        await Customer("Dan Ma", "ACME trading ltd", ["retail"], "dan@acme.example");
        await CampaignApi.PostAsync(client, "/api/campaigns/suppressions", new { email = "bob@acme.example", reason = "complained" });

        // Preview: tag vip-2026 and company "acme" (contains, any case): Ann's two addresses; Bob's is suppressed; Cat and Dan do not match.
        var preview = await CampaignApi.PostAsync(client, "/api/campaigns/audiences/directory",
            new { name = "VIP Acme", tags = new[] { "vip-2026" }, company = "acme", apply = false });
        Assert.Equal(JsonValueKind.Null, preview.GetProperty("id").ValueKind);
        Assert.Equal(2, preview.GetProperty("imported").GetInt32());
        Assert.Equal(1, preview.GetProperty("skipped").GetInt32());
        var error = Assert.Single(preview.GetProperty("errors").EnumerateArray());
        Assert.Equal("email", error.GetProperty("column").GetString());
        Assert.Equal("suppressed", error.GetProperty("reason").GetString());
        Assert.Contains("complained", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        var sample = preview.GetProperty("sample").EnumerateArray().ToList();
        Assert.Equal(["ann.li@acme.example", "ann@acme.example"], sample.Select(s => s.GetProperty("email").GetString()).Order());
        Assert.All(sample, s => Assert.Equal("Ann Li", s.GetProperty("name").GetString()));
        Assert.All(sample, s => Assert.Equal("Acme Trading", s.GetProperty("fields").GetProperty("company").GetString()));
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/campaigns/audiences")).GetProperty("items").EnumerateArray()
            .Count(a => a.GetProperty("name").GetString() == "VIP Acme"));

        // Created after now: no one. Last conversation: none of them had one.
        var none = await CampaignApi.PostAsync(client, "/api/campaigns/audiences/directory",
            new { tags = new[] { "vip-2026" }, createdAfter = DateTimeOffset.UtcNow.AddMinutes(5), apply = false });
        Assert.Equal(0, none.GetProperty("imported").GetInt32());
        var talked = await CampaignApi.PostAsync(client, "/api/campaigns/audiences/directory",
            new { tags = new[] { "vip-2026", "retail" }, lastConversationAfter = DateTimeOffset.UtcNow.AddYears(-1), apply = false });
        Assert.Equal(0, talked.GetProperty("imported").GetInt32());
        var anyTag = await CampaignApi.PostAsync(client, "/api/campaigns/audiences/directory",
            new { tags = new[] { "wholesale", "retail" }, apply = false });
        Assert.Equal(1, anyTag.GetProperty("imported").GetInt32()); // Dan; Bob is suppressed
        Assert.Equal(1, anyTag.GetProperty("skipped").GetInt32());

        var unnamed = await client.PostAsJsonAsync("/api/campaigns/audiences/directory", new { tags = new[] { "vip-2026" } });
        Assert.Equal(HttpStatusCode.BadRequest, unnamed.StatusCode);

        var created = await client.PostAsJsonAsync("/api/campaigns/audiences/directory", new { name = "VIP Acme", tags = new[] { "vip-2026" }, company = "acme" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, body.GetProperty("imported").GetInt32());
        var audience = await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/audiences/{body.GetProperty("id").GetGuid()}");
        Assert.Equal(2, audience.GetProperty("total").GetInt64());
        Assert.Equal("directory", audience.GetProperty("audience").GetProperty("source").GetString());
        Assert.Equal(["ann.li@acme.example", "ann@acme.example"], audience.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("email").GetString()).Order());

        // A merge unites the two customers' tags: the survivor is found by either.
        var eve = await Customer("Eve Qin", "Merge Co", ["from-a"], "eve@merge.example");
        var eve2 = await Customer("Eve Q.", "Merge Co", ["from-b"], "eve.q@merge.example");
        await CampaignApi.PostAsync(client, $"/api/directory/customers/{eve}/merge", new { otherId = eve2 });
        var merged = await CampaignApi.PostAsync(client, "/api/campaigns/audiences/directory", new { tags = new[] { "from-b" }, apply = false });
        Assert.Equal(["eve.q@merge.example", "eve@merge.example"], merged.GetProperty("sample").EnumerateArray().Select(m => m.GetProperty("email").GetString()).Order());
        Assert.All(merged.GetProperty("sample").EnumerateArray(), m => Assert.Equal("Eve Qin", m.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task A_campaign_on_two_mailboxes_sends_through_both_at_the_sum_of_their_paces_each_message_from_its_mailbox()
    {
        using var client = await host.CreateClientAsync();
        var a = await SandboxAsync(client, "Rotation A");
        var b = await SandboxAsync(client, "Rotation B");
        // 3 a minute with a fifth kept for replies: 2 campaign messages a minute each.
        foreach (var mailbox in new[] { a.Id, b.Id })
            (await client.PutAsJsonAsync($"/api/campaigns/pace/{mailbox}", new { perMinute = 3, perDay = 100 })).EnsureSuccessStatusCode();
        var emails = Enumerable.Range(1, 4).Select(i => $"rotate{i}@example.net").ToArray();
        var audience = await CampaignApi.AudienceAsync(client, "Rotation", ["email", .. emails]);

        var tooMany = await client.PostAsJsonAsync("/api/campaigns", new
        {
            name = "Too many", audienceId = audience, mailboxIds = Enumerable.Range(0, 21).Select(_ => Guid.NewGuid()).ToArray(), subject = "x", text = "x",
        });
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        var twice = await client.PostAsJsonAsync("/api/campaigns", new { name = "Twice", audienceId = audience, mailboxIds = new[] { a.Id, a.Id }, subject = "x", text = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);

        var campaign = await CampaignApi.PostAsync(client, "/api/campaigns", new
        {
            name = "Rotation", audienceId = audience, mailboxIds = new[] { a.Id, b.Id }, subject = "Hello {{ email }}", text = "Hi",
        });
        Assert.Equal([a.Id, b.Id], campaign.GetProperty("mailboxIds").EnumerateArray().Select(m => m.GetGuid()));
        var id = campaign.GetProperty("id").GetGuid();
        await CampaignApi.PostAsync(client, $"/api/campaigns/{id}/send");
        // With one mailbox the last two would wait for the next minute; with two, the first round hands over all four.
        var done = await CampaignWaits.StatusAsync(client, id, "done");
        Assert.Equal(4, done.GetProperty("counts").GetProperty("sent").GetInt64());

        var recipients = (await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{id}/recipients")).GetProperty("items").EnumerateArray().ToList();
        foreach (var (mailbox, address) in new[] { a, b })
        {
            var captured = await Captured.OfMailboxAsync(host.ConnectionString, mailbox);
            Assert.Equal(2, captured.Count);
            foreach (var c in captured)
            {
                var message = MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(c.Raw)));
                Assert.Equal(address, message.From.Mailboxes.Single().Address);
                Assert.EndsWith("@" + address.Split('@')[1], c.MessageId, StringComparison.Ordinal);
                var row = recipients.Single(r => r.GetProperty("email").GetString() == c.To);
                Assert.Equal(mailbox, row.GetProperty("mailboxId").GetGuid());
                Assert.Equal(c.MessageId, row.GetProperty("messageId").GetString());
            }
        }
    }

    [Fact]
    public async Task Provider_presets_are_listed_changed_by_an_admin_and_apply_to_a_mailbox_without_its_own_pace()
    {
        using var client = await host.CreateClientAsync();
        var presets = (await client.GetFromJsonAsync<JsonElement>("/api/campaigns/pace/presets")).EnumerateArray()
            .ToDictionary(p => p.GetProperty("provider").GetString()!);
        foreach (var provider in new[] { "qq", "163", "126", "aliyun", "aliyun-qiye", "exmail", "gmail", "outlook", "other", "sandbox" })
            Assert.True(presets.ContainsKey(provider), provider);
        Assert.Equal(500, presets["gmail"].GetProperty("perDay").GetInt32());
        Assert.False(presets["qq"].GetProperty("changed").GetBoolean());
        Assert.False(string.IsNullOrWhiteSpace(presets["exmail"].GetProperty("note").GetString()));

        var (mailbox, _) = await SandboxAsync(client, "Preset desk");
        var before = await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/pace/{mailbox}");
        Assert.Equal("preset", before.GetProperty("source").GetString());
        Assert.Equal("sandbox", before.GetProperty("provider").GetString());
        Assert.Equal(presets["sandbox"].GetProperty("perMinute").GetInt32(), before.GetProperty("perMinute").GetInt32());

        var changed = await client.PutAsJsonAsync("/api/campaigns/pace/presets/sandbox", new { perMinute = 600, perDay = 60_000, note = "QA runs fast" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var preset = await changed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(preset.GetProperty("changed").GetBoolean());
        Assert.Equal("QA runs fast", preset.GetProperty("note").GetString());
        var after = await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/pace/{mailbox}");
        Assert.Equal((600, 60_000, "preset"), (after.GetProperty("perMinute").GetInt32(), after.GetProperty("perDay").GetInt32(), after.GetProperty("source").GetString()));

        (await client.PutAsJsonAsync($"/api/campaigns/pace/{mailbox}", new { perMinute = 5, perDay = 50 })).EnsureSuccessStatusCode();
        var own = await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/pace/{mailbox}");
        Assert.Equal((5, "mailbox", true), (own.GetProperty("perMinute").GetInt32(), own.GetProperty("source").GetString(), own.GetProperty("custom").GetBoolean()));

        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsJsonAsync("/api/campaigns/pace/presets/nosuch", new { perMinute = 1, perDay = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PutAsJsonAsync("/api/campaigns/pace/presets/qq", new { perMinute = 0, perDay = 1 })).StatusCode);
    }

    [Fact]
    public async Task Tracked_links_and_the_pixel_count_each_recipient_once_and_redirect_only_where_the_mail_pointed()
    {
        using var client = await host.CreateClientAsync();
        var (mailbox, _) = await SandboxAsync(client, "Tracking desk");
        var audience = await CampaignApi.AudienceAsync(client, "Tracked", "email,name", "track1@example.net,Tia", "track2@example.net,Tom");
        const string html = """
            <html><body><p>Hi {{ name }}</p><a class="cta" href="https://shop.example.com/sale?a=1&amp;b=2">Sale</a>
            <a data-href="https://data.example.com/x" href="https://shop.example.com/new">New</a> <a href='mailto:help@example.com'>Help</a> <a href="#top">Top</a> <a href="{{ unsubscribe_url }}">Unsubscribe</a></body></html>
            """;
        var created = await CampaignApi.PostAsync(client, "/api/campaigns", new
        {
            name = "Tracked", audienceId = audience, mailboxIds = new[] { mailbox }, subject = "Sale", html, trackOpens = true, trackClicks = true,
        });
        Assert.True(created.GetProperty("trackOpens").GetBoolean());
        Assert.True(created.GetProperty("trackClicks").GetBoolean());
        var campaign = created.GetProperty("id").GetGuid();
        await CampaignApi.PostAsync(client, $"/api/campaigns/{campaign}/send");
        await CampaignWaits.StatusAsync(client, campaign, "done");

        var captured = await Captured.OfMailboxAsync(host.ConnectionString, mailbox);
        var message = MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(captured.Single(c => c.To == "track1@example.net").Raw)));
        var body = message.HtmlBody!;
        Assert.DoesNotContain("https://shop.example.com", body, StringComparison.Ordinal);
        Assert.Contains("<a class=\"cta\" href=\"https://mail.example.test/api/campaigns/t/c/", body, StringComparison.Ordinal);
        Assert.Contains("href='mailto:help@example.com'", body, StringComparison.Ordinal);
        Assert.Contains("<a data-href=\"https://data.example.com/x\" href=\"https://mail.example.test/api/campaigns/t/c/", body, StringComparison.Ordinal);
        Assert.Contains("href=\"#top\"", body, StringComparison.Ordinal);
        var unsubscribe = Regex.Match(message.Headers["List-Unsubscribe"]!, "<(https://[^>]+)>").Groups[1].Value;
        Assert.Contains($"href=\"{unsubscribe}\"", body, StringComparison.Ordinal); // the unsubscribe link is not tracked
        var click = new Uri(Regex.Match(body, "href=\"(https://mail.example.test/api/campaigns/t/c/[^\"]+)\"").Groups[1].Value).PathAndQuery;
        var pixel = new Uri(Regex.Match(body, "<img src=\"(https://mail.example.test/api/campaigns/t/o/[^\"]+)\"").Groups[1].Value).PathAndQuery;

        using var anonymous = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        for (var i = 0; i < 2; i++)
        {
            var opened = await anonymous.GetAsync(pixel);
            Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
            Assert.Equal("image/gif", opened.Content.Headers.ContentType?.MediaType);
        }
        var counts = (await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaign}")).GetProperty("counts");
        Assert.Equal((1, 0), (counts.GetProperty("opened").GetInt64(), counts.GetProperty("clicked").GetInt64()));

        for (var i = 0; i < 2; i++)
        {
            var followed = await anonymous.GetAsync(click);
            Assert.Equal(HttpStatusCode.Found, followed.StatusCode);
            Assert.Equal("https://shop.example.com/sale?a=1&b=2", followed.Headers.Location?.ToString());
        }
        var token = click[(click.LastIndexOf('/') + 1)..];
        var forged = click[..(click.LastIndexOf('/') + 1)] + (token[10] == 'A' ? token.Remove(10, 1).Insert(10, "B") : token.Remove(10, 1).Insert(10, "A"));
        var refused = await anonymous.GetAsync(forged);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Null(refused.Headers.Location);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/campaigns/t/o/" + token)).StatusCode); // a click token is no pixel

        counts = (await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaign}")).GetProperty("counts");
        Assert.Equal((1, 1), (counts.GetProperty("opened").GetInt64(), counts.GetProperty("clicked").GetInt64()));
        var clicked = await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaign}/recipients?status=clicked");
        Assert.Equal("track1@example.net", Assert.Single(clicked.GetProperty("items").EnumerateArray()).GetProperty("email").GetString());
        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaign}/recipients?status=opened")).GetProperty("total").GetInt64());

        // Off by default: the same HTML untouched, no pixel.
        var plain = (await CampaignApi.PostAsync(client, "/api/campaigns", new
        {
            name = "Untracked", audienceId = audience, mailboxIds = new[] { mailbox }, subject = "Plain", html,
        })).GetProperty("id").GetGuid();
        await CampaignApi.PostAsync(client, $"/api/campaigns/{plain}/send");
        await CampaignWaits.StatusAsync(client, plain, "done");
        var untracked = (await Captured.OfMailboxAsync(host.ConnectionString, mailbox)).Where(c => c.Raw.Contains("Subject: Plain", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, untracked.Count);
        var plainHtml = MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(untracked[0].Raw))).HtmlBody;
        Assert.Contains("href=\"https://shop.example.com/sale?a=1&amp;b=2\"", plainHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("/api/campaigns/t/", plainHtml, StringComparison.Ordinal);
    }
}
