using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Testing;
using Npgsql;

namespace MailHub.Campaigns.Tests;

/// <summary>A node killed with SIGKILL halfway through a campaign, and started again: every recipient gets it exactly once.</summary>
public sealed class CrashTests
{
    private const int Recipients = 2000;

    [Fact]
    public async Task A_node_killed_halfway_through_a_campaign_and_restarted_sends_every_recipient_exactly_once()
    {
        var database = await TestDatabase.CreateAsync("campaign-crash");
        var siloPort = HostProcess.FreePort();
        var settings = new Dictionary<string, string>
        {
            ["MailHub__PublicUrl"] = "https://mail.example.test",
            ["MailHub__Campaigns__ScanInterval"] = "00:00:01",
            ["MailHub__Campaigns__BatchSize"] = "50",
            ["MailHub__Outbound__Workers"] = "2",
        };
        Guid mailbox, campaign;
        await using (var first = await HostProcess.StartAsync(database, settings, siloPort))
        {
            mailbox = await CampaignApi.SandboxMailboxAsync(first.Http, "Crash desk");
            var pace = await first.Http.PutAsJsonAsync($"/api/campaigns/pace/{mailbox}", new { perMinute = 1_000_000, perDay = 10_000_000 });
            pace.EnsureSuccessStatusCode();
            var audience = await CampaignApi.AudienceAsync(first.Http, "Two thousand",
                ["email,name", .. Enumerable.Range(1, Recipients).Select(i => $"crash{i:D4}@example.net,Reader {i}")]);
            campaign = (await CampaignApi.PostAsync(first.Http, "/api/campaigns", new
            {
                name = "Crash", audienceId = audience, mailboxIds = new[] { mailbox }, subject = "Hello {{ name }}", text = "Hi {{ name }}",
            })).GetProperty("id").GetGuid();
            await CampaignApi.PostAsync(first.Http, $"/api/campaigns/{campaign}/send");

            // Killed while sending: some captured, many not yet.
            await Eventually.GetAsync<object>(async () => await CapturedCountAsync(database, mailbox) >= Recipients / 4 ? new() : null,
                "a quarter of the campaign captured", TimeSpan.FromMinutes(3));
            await first.KillHardAsync();
        }
        var atKill = await CapturedCountAsync(database, mailbox);
        Assert.InRange(atKill, Recipients / 4, Recipients - 1);

        await using var second = await HostProcess.StartAsync(database, settings, siloPort);
        var done = await Eventually.GetAsync<JsonElement?>(async () =>
        {
            var c = await second.Http.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaign}");
            return c.GetProperty("status").GetString() == "done" ? c : null;
        }, "the campaign done on the restarted node", TimeSpan.FromMinutes(4));
        Assert.Equal(Recipients, done!.Value.GetProperty("counts").GetProperty("sent").GetInt64());

        // The receiving side: each recipient exactly once, each with the Message-ID its recipient row names.
        var captured = await Captured.OfMailboxAsync(database, mailbox);
        Assert.Equal(Recipients, captured.Count);
        Assert.Equal(Recipients, captured.Select(c => c.To).Distinct().Count());
        Assert.Equal(Recipients, captured.Select(c => c.MessageId).Distinct().Count());
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var mismatch = new NpgsqlCommand("""
            SELECT count(*) FROM campaigns.recipients r
            WHERE r.campaign_id = $1 AND NOT EXISTS (SELECT 1 FROM channels.sandbox_messages s WHERE s.message_id = r.message_id AND s.rcpt_to[1] = r.email)
            """, connection);
        mismatch.Parameters.Add(new() { Value = campaign });
        Assert.Equal(0L, (long)(await mismatch.ExecuteScalarAsync())!);
    }

    private static async Task<int> CapturedCountAsync(string database, Guid mailbox)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM channels.sandbox_messages WHERE mailbox_id = $1", connection);
        count.Parameters.Add(new() { Value = mailbox });
        return (int)(long)(await count.ExecuteScalarAsync())!;
    }
}
