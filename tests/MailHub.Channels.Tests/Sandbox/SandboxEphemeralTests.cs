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
}
