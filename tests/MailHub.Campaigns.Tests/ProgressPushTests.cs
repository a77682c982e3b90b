using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Testing;

namespace MailHub.Campaigns.Tests;

/// <summary>The "campaign" push: a campaign's status and counts reach admins' consoles, and no agent's.</summary>
public sealed class ProgressPushTests(CampaignsHost host) : IClassFixture<CampaignsHost>
{
    [Fact]
    public async Task An_admin_is_pushed_a_campaigns_counts_until_done_and_an_agent_is_pushed_none()
    {
        using var admin = await host.CreateClientAsync();
        var team = (await CampaignApi.PostAsync(admin, "/api/directory/departments", new { name = "Front desk" })).GetProperty("id").GetGuid();
        await CampaignApi.PostAsync(admin, "/api/directory/members", new
        {
            account = "push-agent", name = "Push Agent", email = "push-agent@example.com", password = "Agent-Pass-2026!", role = "agent", departmentIds = new[] { team },
        });
        using var agent = await host.CreateClientAsync("push-agent@example.com", "Agent-Pass-2026!");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var adminEvents = await ServerSentEvents.OpenAsync(await host.CreateClientAsync(), "/api/events/stream", timeout.Token);
        using var agentEvents = await ServerSentEvents.OpenAsync(agent, "/api/events/stream", timeout.Token);

        var mailbox = await CampaignApi.SandboxMailboxAsync(admin, "Push desk");
        // One recipient: the outbox captures a batch at a time with one "sandbox" push per batch, so one capture is one push.
        var audience = await CampaignApi.AudienceAsync(admin, "Pushed", "email", "p1@example.net");
        var campaign = (await CampaignApi.PostAsync(admin, "/api/campaigns", new
        {
            name = "Pushed", audienceId = audience, mailboxIds = new[] { mailbox }, subject = "Hello", text = "Hello",
        })).GetProperty("id").GetGuid();
        await CampaignApi.PostAsync(admin, $"/api/campaigns/{campaign}/send");

        var done = await adminEvents.WaitForAsync("campaign",
            d => d.GetProperty("id").GetGuid() == campaign && d.GetProperty("status").GetString() == "done", "the campaign pushed done", timeout.Token);
        Assert.Equal(1, done.GetProperty("counts").GetProperty("sent").GetInt64());
        Assert.Equal(1, done.GetProperty("counts").GetProperty("total").GetInt64());

        // Then one more capture (a test send): its "sandbox" push reaches everyone after every campaign push before it. The
        // agent's stream up to that second capture holds no "campaign" push.
        (await admin.PostAsJsonAsync($"/api/campaigns/{campaign}/test", new { to = new[] { "marker@example.org" } })).EnsureSuccessStatusCode();
        var captures = 0;
        while (captures < 2)
        {
            var (name, _) = await agentEvents.NextAsync(timeout.Token);
            Assert.NotEqual("campaign", name);
            if (name == "sandbox")
                captures++;
        }
    }
}
