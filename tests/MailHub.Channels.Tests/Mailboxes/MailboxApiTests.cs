using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Channels.Tests.Support;
using Npgsql;

namespace MailHub.Channels.Tests.Mailboxes;

/// <summary>Setting up mailboxes through the API: presets, validation, secrets, sandbox addresses.</summary>
public sealed class MailboxApiTests(ChannelsHost host) : IClassFixture<ChannelsHost>
{
    [Fact]
    public async Task A_QQ_mailbox_gets_the_QQ_servers_and_its_password_is_never_returned_and_encrypted_in_the_table()
    {
        using var client = await host.CreateClientAsync();
        var created = await MailboxApi.CreateAsync(client, new
        {
            name = "Support",
            address = "kefu@example.cn",
            displayName = "客服中心",
            provider = "qq",
            enabled = false,
            inbound = new { protocol = "imap", password = "qq-authorization-code-1234" },
        });

        var inbound = created.GetProperty("inbound");
        Assert.Equal("imap.qq.com", inbound.GetProperty("host").GetString());
        Assert.Equal(993, inbound.GetProperty("port").GetInt32());
        Assert.Equal("ssl", inbound.GetProperty("security").GetString());
        Assert.Equal("kefu@example.cn", inbound.GetProperty("username").GetString());
        Assert.True(inbound.GetProperty("hasPassword").GetBoolean());
        Assert.Equal(["INBOX"], inbound.GetProperty("folders").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("smtp.qq.com", created.GetProperty("outbound").GetProperty("host").GetString());
        Assert.Equal(465, created.GetProperty("outbound").GetProperty("port").GetInt32());
        Assert.Equal("客服中心", created.GetProperty("displayName").GetString());

        var id = created.GetProperty("id").GetString()!;
        var listed = await client.GetStringAsync("/api/channels/mailboxes");
        var one = await client.GetStringAsync($"/api/channels/mailboxes/{id}");
        Assert.DoesNotContain("qq-authorization-code-1234", listed, StringComparison.Ordinal);
        Assert.DoesNotContain("qq-authorization-code-1234", one, StringComparison.Ordinal);

        await using var db = await host.DatabaseAsync();
        await using var command = db.CreateCommand("SELECT inbound_secret, outbound_secret, config::text FROM channels.mailboxes WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = Guid.Parse(id) });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.False(reader.IsDBNull(0));
        Assert.DoesNotContain("qq-authorization-code", reader.GetString(0), StringComparison.Ordinal);
        Assert.DoesNotContain("qq-authorization-code", reader.GetString(2), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validation_errors_name_the_field()
    {
        using var client = await host.CreateClientAsync();
        var response = await client.PostAsJsonAsync("/api/channels/mailboxes", new
        {
            name = "Broken",
            address = "broken@example.cn",
            inbound = new { protocol = "imap", host = "mail.example.cn", port = 70000, security = "ssl", password = "x" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("65535", problem.GetProperty("errors").GetProperty("inbound.port")[0].GetString(), StringComparison.Ordinal);

        response = await client.PostAsJsonAsync("/api/channels/mailboxes", new
        {
            name = "",
            address = "not an address",
            inbound = new { protocol = "pop3", security = "tls13" },
        });
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("address", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("inbound.host", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("inbound.security", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("inbound.password", out _), errors.ToString());
    }

    [Fact]
    public async Task A_sandbox_mailbox_needs_only_a_name_and_receives_through_the_SMTP_listener()
    {
        using var client = await host.CreateClientAsync();
        var created = await MailboxApi.CreateAsync(client, new { name = "QA Team", inbound = new { protocol = "sandbox" } });
        Assert.Equal("qa-team@sandbox.mailhub.test", created.GetProperty("address").GetString());
        Assert.Equal("idle", created.GetProperty("status").GetString());
        var id = created.GetProperty("id").GetString()!;

        await using (var probe = await SmtpProbe.ConnectAsync(host.Smtp))
        {
            var reply = await probe.SendAsync("customer@example.org", "qa-team@sandbox.mailhub.test",
                "From: customer@example.org\r\nTo: qa-team@sandbox.mailhub.test\r\nSubject: sandbox inbound 1\r\nMessage-ID: <sandbox-in-1@example.org>\r\n\r\nHello\r\n");
            Assert.StartsWith("250 ", reply, StringComparison.Ordinal);
            // Plus addressing: replies carrying a token reach the same mailbox.
            reply = await probe.SendAsync("customer@example.org", "qa-team+t0k3n@sandbox.mailhub.test",
                "From: customer@example.org\r\nTo: qa-team+t0k3n@sandbox.mailhub.test\r\nSubject: sandbox inbound 2\r\nMessage-ID: <sandbox-in-2@example.org>\r\n\r\nHello\r\n");
            Assert.StartsWith("250 ", reply, StringComparison.Ordinal);
        }

        var list = await MailboxApi.WaitForInboundAsync(client, id, "sandbox inbound", 2, TimeSpan.FromSeconds(10));
        Assert.Equal(2, list.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task The_providers_list_has_the_Chinese_providers_with_their_servers_and_authorization_code_help()
    {
        using var client = await host.CreateClientAsync();
        var providers = await client.GetFromJsonAsync<JsonElement>("/api/channels/providers");
        var byId = providers.EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!);
        foreach (var id in new[] { "qq", "exmail", "163", "126", "qiye163", "aliyun-qiye", "aliyun", "189", "gmail", "outlook", "other" })
            Assert.True(byId.ContainsKey(id), id);
        Assert.Equal("imap.qq.com", byId["qq"].GetProperty("imap").GetProperty("host").GetString());
        Assert.True(byId["qq"].GetProperty("authorizationCode").GetBoolean());
        Assert.Contains("授权码", byId["qq"].GetProperty("passwordHelpZh").GetString(), StringComparison.Ordinal);
        Assert.Equal(994, byId["qiye163"].GetProperty("smtp").GetProperty("port").GetInt32());
        Assert.Equal("starttls", byId["outlook"].GetProperty("smtp").GetProperty("security").GetString());
    }

    [Fact]
    public async Task Testing_settings_before_saving_reports_each_step_with_an_actionable_message()
    {
        using var client = await host.CreateClientAsync();
        var response = await client.PostAsJsonAsync("/api/channels/mailboxes/test", new
        {
            name = "Nowhere",
            address = "x@example.cn",
            inbound = new { protocol = "imap", host = "127.0.0.1", port = 1, security = "ssl", password = "x" },
        });
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(report.GetProperty("ok").GetBoolean());
        var steps = report.GetProperty("steps").EnumerateArray().ToList();
        Assert.True(steps[0].GetProperty("ok").GetBoolean()); // resolve
        var connect = steps.Single(s => s.GetProperty("step").GetString() == "connect");
        Assert.False(connect.GetProperty("ok").GetBoolean());
        Assert.False(string.IsNullOrWhiteSpace(connect.GetProperty("message").GetString()));
    }
}
