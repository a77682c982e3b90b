using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MailHub.Channels.Contracts;
using MailHub.Channels.Tests.Mailboxes;
using MailHub.Channels.Tests.Support;
using MailHub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MailHub.Channels.Tests.Sandbox;

/// <summary>The channels host with one allowlisted release server: an SMTP peer on loopback that records what it gets.</summary>
public sealed class ReleaseHost : ChannelsHost
{
    public ReleaseHost()
    {
        Peer = new SmtpPeer("8BITMIME", "SMTPUTF8");
        Settings["MailHub:Sandbox:Release:Servers:0:Name"] = "staging-relay";
        Settings["MailHub:Sandbox:Release:Servers:0:Host"] = "127.0.0.1";
        Settings["MailHub:Sandbox:Release:Servers:0:Port"] = Peer.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Settings["MailHub:Sandbox:Release:Servers:0:Security"] = "none";
    }

    public SmtpPeer Peer { get; }

    public override async ValueTask DisposeAsync()
    {
        await Peer.DisposeAsync();
        await base.DisposeAsync();
    }
}

/// <summary>Release: a captured message sent for real, byte for byte, through an allowlisted server only.</summary>
public sealed class SandboxReleaseTests(ReleaseHost host) : IClassFixture<ReleaseHost>
{
    [Fact]
    public async Task A_captured_message_is_released_as_stored_to_an_allowlisted_server_and_only_there()
    {
        using var client = await host.CreateClientAsync();
        var mailbox = await MailboxApi.CreateAsync(client, new { name = "Release Me", inbound = new { protocol = "sandbox" } });
        var address = mailbox.GetProperty("address").GetString()!;
        var messageId = $"{Guid.NewGuid():N}@sandbox.mailhub.test";
        var content = Encoding.UTF8.GetBytes($"From: {address}\r\nTo: buyer@example.org\r\nSubject: Release 4711\r\nMessage-ID: <{messageId}>\r\n\r\nShipped.\r\n");
        await host.Services.GetRequiredService<IOutbox>().EnqueueAsync(new OutboundMessage(Guid.Parse(mailbox.GetProperty("id").GetString()!), $"<{messageId}>",
            address, ["buyer@example.org"], content, "release"));
        var captured = await client.GetFromJsonAsync<JsonElement>("/api/sandbox/messages/wait?subject=Release%204711&timeout=20");
        var id = captured.GetProperty("id").GetString();

        var servers = await client.GetFromJsonAsync<JsonElement>("/api/sandbox/release-servers");
        Assert.Equal("staging-relay", Assert.Single(servers.EnumerateArray()).GetProperty("name").GetString());

        var released = await client.PostAsJsonAsync($"/api/sandbox/messages/{id}/release", new { server = "staging-relay", to = new[] { "qa-inbox@example.net" } });
        var answer = await released.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(released.IsSuccessStatusCode, answer.ToString());
        var recipient = Assert.Single(answer.GetProperty("recipients").EnumerateArray());
        Assert.True(recipient.GetProperty("accepted").GetBoolean());
        var sent = Assert.Single(host.Peer.Messages);
        Assert.Equal(address, sent.MailFrom);
        Assert.Equal(["qa-inbox@example.net"], sent.Recipients);
        Assert.Contains($"Message-ID: <{messageId}>", Encoding.UTF8.GetString(sent.Content), StringComparison.Ordinal);
        Assert.Contains("Shipped.", Encoding.UTF8.GetString(sent.Content), StringComparison.Ordinal);

        // A server not on the allowlist is never contacted.
        var refused = await client.PostAsJsonAsync($"/api/sandbox/messages/{id}/release", new { server = "smtp.gmail.com" });
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Contains("MailHub:Sandbox:Release", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(host.Peer.Messages);
    }
}
