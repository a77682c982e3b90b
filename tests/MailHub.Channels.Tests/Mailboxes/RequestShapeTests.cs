using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Channels.Tests.Support;

namespace MailHub.Channels.Tests.Mailboxes;

/// <summary>
/// The shape rules of the Channels endpoints (lengths, ranges, required fields) refuse with 400 and the field's
/// JSON path as the key, on every endpoint that takes the shape, before anything is stored or sent.
/// </summary>
public sealed class RequestShapeTests(ChannelsHost host) : IClassFixture<ChannelsHost>
{
    [Fact]
    public async Task A_mailbox_form_out_of_shape_names_the_field_on_create_change_and_test()
    {
        using var client = await host.CreateClientAsync();
        var longName = new string('n', 201);
        var created = await MailboxApi.CreateAsync(client, new { name = "Shape", inbound = new { protocol = "sandbox" } });
        var id = created.GetProperty("id").GetString();

        var create = await ErrorsAsync(await client.PostAsJsonAsync("/api/channels/mailboxes", new { name = longName, inbound = new { protocol = "sandbox" } }));
        Assert.Equal("The name is at most 200 characters.", create.GetProperty("name")[0].GetString());

        var change = await ErrorsAsync(await client.PutAsJsonAsync($"/api/channels/mailboxes/{id}", new
        {
            name = "Shape",
            address = "shape@example.cn",
            inbound = new { protocol = "imap", host = "imap.example.cn", port = 0, password = "x" },
            outbound = new { host = new string('h', 254) },
        }));
        Assert.Contains("65535", change.GetProperty("inbound.port")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("253", change.GetProperty("outbound.host")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("Shape", (await MailboxApi.GetAsync(client, id!)).GetProperty("name").GetString()); // nothing changed

        var test = await ErrorsAsync(await client.PostAsJsonAsync("/api/channels/mailboxes/test", new { name = "Shape", outbound = new { port = 70000 } }));
        Assert.True(test.TryGetProperty("outbound.port", out _), test.ToString());
    }

    [Fact]
    public async Task A_test_send_without_an_address_to_send_to_is_refused_and_nothing_is_sent()
    {
        using var client = await host.CreateClientAsync();
        var created = await MailboxApi.CreateAsync(client, new { name = "Shape Send", inbound = new { protocol = "sandbox" } });
        var id = created.GetProperty("id").GetString();

        var missing = await ErrorsAsync(await client.PostAsJsonAsync($"/api/channels/mailboxes/{id}/test-send", new { }));
        Assert.Equal("Give the address to send the test mail to, e.g. you@example.com.", missing.GetProperty("to")[0].GetString());
        var display = await ErrorsAsync(await client.PostAsJsonAsync($"/api/channels/mailboxes/{id}/test-send", new { to = "You <you@example.com>" }));
        Assert.True(display.TryGetProperty("to", out _), display.ToString());

        var captured = await client.GetFromJsonAsync<JsonElement>($"/api/sandbox/messages?mailbox={id}");
        Assert.Equal(0, captured.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Relay_accounts_and_message_lists_name_the_field_out_of_shape()
    {
        using var client = await host.CreateClientAsync();
        var relay = await ErrorsAsync(await client.PostAsJsonAsync("/api/channels/relay-accounts", new { userName = "shape-relay", password = "short" }));
        Assert.Equal("password is 8 to 1000 characters.", relay.GetProperty("password")[0].GetString());
        relay = await ErrorsAsync(await client.PostAsJsonAsync("/api/channels/relay-accounts", new { password = "long-enough-password" }));
        Assert.True(relay.TryGetProperty("userName", out _), relay.ToString());

        var limit = await ErrorsAsync(await client.GetAsync("/api/inbound/messages?limit=501"));
        Assert.Equal("limit is between 1 and 500; leave it out for 50.", limit.GetProperty("limit")[0].GetString());
        var cursor = await ErrorsAsync(await client.GetAsync("/api/sandbox/messages?cursor=not-ours"));
        Assert.True(cursor.TryGetProperty("cursor", out _), cursor.ToString());
        var timeout = await ErrorsAsync(await client.GetAsync("/api/sandbox/messages/wait?timeout=301"));
        Assert.Equal("timeout is in seconds, between 0 and 300.", timeout.GetProperty("timeout")[0].GetString());
    }

    [Fact]
    public async Task A_call_without_a_body_is_answered_whatever_content_type_the_script_sends()
    {
        // tools/qa/e2e.sh sends content-type: application/json on every call, GETs included.
        using var client = await host.CreateClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/inbound/messages?limit=1") { Content = new StringContent("", null, "application/json") };
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("items", out _));
    }

    private static async Task<JsonElement> ErrorsAsync(HttpResponseMessage response)
    {
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {problem}");
        return problem.GetProperty("errors");
    }
}
