using MailHub.Testing;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Channels.Tests.Support;

namespace MailHub.Channels.Tests;

/// <summary>A real MTA in front: Postfix relays into the listener, and what Postfix accepted arrives in MailHub.</summary>
public sealed class PostfixRelayTests(ChannelsHost host) : IClassFixture<ChannelsHost>
{
    [Fact]
    public async Task Mail_accepted_by_Postfix_arrives_in_MailHub()
    {
        await using var postfix = await PostfixInstance.StartAsync(host.SmtpPort);

        for (var i = 0; i < 3; i++)
        {
            var (exit, output) = await ExternalTool.RunAsync("swaks",
                "--server", $"127.0.0.1:{postfix.Port}", "--from", "customer@example.org", "--to", $"support{i}@example.com",
                "--header", $"Subject: through postfix {i}", "--body", "relayed by a real MTA\n");
            Assert.True(exit == 0, output);
            Assert.Contains("250 2.0.0 Ok: queued", output, StringComparison.Ordinal);
        }

        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonElement list;
        while ((list = await host.ListAsync("?subject=through%20postfix")).GetProperty("total").GetInt64() < 3)
        {
            Assert.True(DateTime.UtcNow < deadline, "Postfix did not deliver into MailHub in 60 s:\n" + postfix.Log);
            await Task.Delay(200);
        }

        var item = list.GetProperty("items")[0];
        Assert.Equal("customer@example.org", item.GetProperty("mailFrom").GetString());
        using var client = await host.CreateClientAsync();
        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/inbound/messages/{item.GetProperty("id").GetString()}");
        Assert.Equal("relay.postfix.test", detail.GetProperty("envelope").GetProperty("heloName").GetString());
        Assert.False(string.IsNullOrEmpty(detail.GetProperty("envelope").GetProperty("tls").GetString()), "Postfix should have used STARTTLS");
        var raw = await client.GetStringAsync($"/api/inbound/messages/{item.GetProperty("id").GetString()}/raw");
        Assert.Contains("by relay.postfix.test (Postfix)", raw, StringComparison.Ordinal);
    }
}
