using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MailHub.Channels.Contracts;
using MailHub.Channels.Sandbox.Retention;
using MailHub.Channels.Tests.Mailboxes;
using MailHub.Channels.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MailHub.Channels.Tests.Sandbox;

/// <summary>The channels host with the retention sweep every half second.</summary>
public sealed class RetentionHost : ChannelsHost
{
    public RetentionHost() => Settings["MailHub:Sandbox:RetentionInterval"] = "00:00:00.5";
}

/// <summary>Retention per sandbox: a mailbox's own maximum count, the default's maximum age for the others, swept in the background.</summary>
public sealed class SandboxRetentionTests(RetentionHost host) : IClassFixture<RetentionHost>
{
    [Fact]
    public async Task Each_mailbox_keeps_its_newest_messages_up_to_its_limits_and_the_default_covers_the_others()
    {
        using var client = await host.CreateClientAsync();
        async Task<(Guid Id, string Address)> MailboxAsync(string name)
        {
            var mailbox = await MailboxApi.CreateAsync(client, new { name, inbound = new { protocol = "sandbox" } });
            return (Guid.Parse(mailbox.GetProperty("id").GetString()!), mailbox.GetProperty("address").GetString()!);
        }
        var kept = await MailboxAsync("Retention Count");
        var other = await MailboxAsync("Retention Default");
        var outbox = host.Services.GetRequiredService<IOutbox>();
        async Task CaptureAsync((Guid Id, string Address) mailbox, string subject)
        {
            var messageId = $"{Guid.NewGuid():N}@sandbox.mailhub.test";
            var content = Encoding.UTF8.GetBytes($"From: {mailbox.Address}\r\nTo: c@example.org\r\nSubject: {subject}\r\nMessage-ID: <{messageId}>\r\n\r\nHi.\r\n");
            await outbox.EnqueueAsync(new OutboundMessage(mailbox.Id, $"<{messageId}>", mailbox.Address, ["c@example.org"], content, subject));
            await client.GetFromJsonAsync<JsonElement>($"/api/sandbox/messages/wait?subject={Uri.EscapeDataString(subject)}&timeout=20");
        }
        async Task<List<string?>> SubjectsAsync(Guid mailbox) =>
            [.. (await client.GetFromJsonAsync<JsonElement>($"/api/sandbox/messages?mailbox={mailbox}")).GetProperty("items").EnumerateArray()
                .Select(i => i.GetProperty("subject").GetString())];

        foreach (var n in new[] { 1, 2, 3 })
            await CaptureAsync(kept, $"count {n}");
        await CaptureAsync(other, "default old");
        await CaptureAsync(other, "default new");
        // "default old" was captured two days ago.
        await using (var db = await host.DatabaseAsync())
        await using (var age = db.CreateCommand("UPDATE channels.sandbox_messages SET captured_at = now() - interval '2 days' WHERE subject = 'default old'"))
            Assert.Equal(1, await age.ExecuteNonQueryAsync());

        var put = await client.PutAsJsonAsync("/api/sandbox/retention", new
        {
            @default = new { maxAgeHours = 24 },
            mailboxes = new[] { new { mailboxId = kept.Id, maxMessages = 2 } },
        });
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        var policy = await client.GetFromJsonAsync<JsonElement>("/api/sandbox/retention");
        Assert.Equal(24, policy.GetProperty("default").GetProperty("maxAgeHours").GetDouble());
        Assert.Equal(2, policy.GetProperty("mailboxes")[0].GetProperty("maxMessages").GetInt32());

        // The background sweep (on whichever node takes its lock) deletes the oldest over the count and what is past the age.
        Assert.True(await MailHub.Testing.Eventually.HoldsAsync(async () => (await SubjectsAsync(kept.Id)).Count == 2 && (await SubjectsAsync(other.Id)).Count == 1,
            TimeSpan.FromSeconds(20)), "the sweep never came");
        Assert.Equal(["count 3", "count 2"], await SubjectsAsync(kept.Id));
        Assert.Equal(["default new"], await SubjectsAsync(other.Id));
        Assert.Equal(0, await host.Services.GetRequiredService<SandboxRetention>().EnforceAsync(CancellationToken.None)); // nothing more to do

        // Limits that cannot work are refused with the field.
        var bad = await client.PutAsJsonAsync("/api/sandbox/retention", new { mailboxes = new[] { new { mailboxId = kept.Id, maxMessages = 0 } } });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("mailboxes[0].maxMessages", await bad.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        await client.PutAsJsonAsync("/api/sandbox/retention", new { mailboxes = Array.Empty<object>() });
    }
}
