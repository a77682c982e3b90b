using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Channels.Sandbox.Ephemeral;
using MailHub.Channels.Tests.Support;
using MailHub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MailHub.Channels.Tests.Sandbox;

/// <summary>Ephemeral sandbox mailboxes: a random address that receives over SMTP and sends into the sandbox, gone with its captures at expiry.</summary>
public sealed class SandboxEphemeralTests(RetentionHost host) : IClassFixture<RetentionHost>
{
    [Fact]
    public async Task An_ephemeral_mailbox_receives_captures_and_goes_with_its_captures_when_it_expires()
    {
        using var client = await host.CreateClientAsync();
        var response = await client.PostAsJsonAsync("/api/sandbox/mailboxes", new { ttlMinutes = 30, name = "Checkout run" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var made = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = made.GetProperty("id").GetString()!;
        var address = made.GetProperty("address").GetString()!;
        Assert.Matches("^qa-[a-z0-9]{10}@sandbox\\.mailhub\\.test$", address);
        Assert.InRange(made.GetProperty("expiresAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(25), DateTimeOffset.UtcNow.AddMinutes(31));

        // It receives over SMTP (its address is claimed) and what it sends is captured.
        await using (var probe = await SmtpProbe.ConnectAsync(host.Smtp))
            Assert.StartsWith("250 ", await probe.SendAsync("buyer@example.org", address, $"From: buyer@example.org\r\nTo: {address}\r\nSubject: ephemeral in\r\n\r\nhi\r\n"), StringComparison.Ordinal);
        var sent = await client.PostAsJsonAsync($"/api/channels/mailboxes/{id}/test-send", new { to = "buyer@example.org" });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        await client.GetFromJsonAsync<JsonElement>($"/api/sandbox/messages/wait?mailbox={id}&timeout=20");
        Assert.Equal(1, (await host.ListAsync("?subject=ephemeral%20in")).GetProperty("total").GetInt64());

        // Not yet expired: the sweep leaves it. Expired: it goes, with its captures.
        var ephemeral = host.Services.GetRequiredService<EphemeralMailboxes>();
        Assert.Equal(0, await ephemeral.SweepAsync(CancellationToken.None));
        await using (var db = await host.DatabaseAsync())
        await using (var expire = db.CreateCommand($"UPDATE channels.sandbox_ephemeral SET expires_at = now() - interval '1 minute' WHERE mailbox_id = '{id}'"))
            Assert.Equal(1, await expire.ExecuteNonQueryAsync());
        Assert.True(await Eventually.HoldsAsync(async () => (await client.GetAsync($"/api/channels/mailboxes/{id}")).StatusCode == HttpStatusCode.NotFound,
            TimeSpan.FromSeconds(20)), "the expired mailbox was never deleted");
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>($"/api/sandbox/messages?mailbox={id}")).GetProperty("total").GetInt64());
        await using (var probe = await SmtpProbe.ConnectAsync(host.Smtp))
            Assert.StartsWith("550 ", await probe.SendAsync("buyer@example.org", address, "Subject: too late\r\n\r\nhi\r\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ephemeral_mailboxes_are_listed_with_their_expiry_and_one_deleted_by_hand_goes_with_its_captures()
    {
        using var client = await host.CreateClientAsync();
        var made = await (await client.PostAsJsonAsync("/api/sandbox/mailboxes", new { ttlMinutes = 90, name = "Listed run" })).Content.ReadFromJsonAsync<JsonElement>();
        var id = made.GetProperty("id").GetString()!;
        var sent = await client.PostAsJsonAsync($"/api/channels/mailboxes/{id}/test-send", new { to = "buyer@example.org" });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        await client.GetFromJsonAsync<JsonElement>($"/api/sandbox/messages/wait?mailbox={id}&timeout=20");

        var listed = (await client.GetFromJsonAsync<JsonElement>("/api/sandbox/mailboxes")).EnumerateArray().Single(m => m.GetProperty("id").GetString() == id);
        Assert.Equal(made.GetProperty("address").GetString(), listed.GetProperty("address").GetString());
        Assert.Equal(made.GetProperty("expiresAt").GetDateTimeOffset(), listed.GetProperty("expiresAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, listed.GetProperty("captured").GetInt64());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/sandbox/mailboxes/{id}")).StatusCode);
        Assert.DoesNotContain((await client.GetFromJsonAsync<JsonElement>("/api/sandbox/mailboxes")).EnumerateArray(), m => m.GetProperty("id").GetString() == id);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/channels/mailboxes/{id}")).StatusCode);
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>($"/api/sandbox/messages?mailbox={id}")).GetProperty("total").GetInt64());
        var again = await client.DeleteAsync($"/api/sandbox/mailboxes/{id}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Contains("GET /api/sandbox/mailboxes", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
