using MailHub.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MailHub.Channels.Tests.Support;

namespace MailHub.Channels.Tests;

/// <summary>Real clients deliver into the host's listener, and what they sent shows in /api/inbound/messages.</summary>
public sealed class SmtpDeliveryTests(ChannelsHost host) : IClassFixture<ChannelsHost>
{
    [Fact]
    public async Task Swaks_delivers_and_the_message_is_listed_with_its_envelope()
    {
        var (exit, output) = await ExternalTool.RunAsync("swaks",
            "--server", $"127.0.0.1:{host.SmtpPort}", "--helo", "swaks.test", "--from", "alice@example.org", "--to", "support@example.com",
            "--header", "Subject: swaks listed", "--header", "Message-Id: <swaks-listed@example.org>", "--body", "Hello from swaks\n");
        Assert.True(exit == 0, output);

        var item = await host.SingleBySubjectAsync("swaks listed");
        Assert.Equal("alice@example.org", item.GetProperty("mailFrom").GetString());
        Assert.Equal(["support@example.com"], item.GetProperty("rcptTo").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("swaks-listed@example.org", item.GetProperty("messageId").GetString());
        Assert.Contains("support@example.com", item.GetProperty("to").GetString(), StringComparison.Ordinal);
        Assert.True(item.GetProperty("size").GetInt64() > 100);
    }

    [Fact]
    public async Task Python_smtplib_over_STARTTLS_with_AUTH_delivers_to_two_recipients_and_the_detail_shows_the_envelope()
    {
        var script = $$"""
            import smtplib, ssl
            from email.message import EmailMessage
            msg = EmailMessage()
            msg["From"] = "José <jose@example.org>"
            msg["To"] = "sales@example.com, help@example.com"
            msg["Subject"] = "python detail 你好"
            msg["Message-ID"] = "<python-detail@example.org>"
            msg.set_content("Line one\n.Line with a dot\n")
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            with smtplib.SMTP("127.0.0.1", {{host.SmtpPort}}, local_hostname="python.test") as s:
                s.starttls(context=context)
                s.login("{{ChannelsHost.RelayUser}}", "{{ChannelsHost.RelayPassword}}")
                refused = s.send_message(msg)
                assert not refused, refused
            print("sent")
            """;
        var (exit, output) = await ExternalTool.RunAsync("python3", "-c", script);
        Assert.True(exit == 0, output);

        var item = await host.SingleBySubjectAsync("python detail");
        using var client = await host.CreateClientAsync();
        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/inbound/messages/{item.GetProperty("id").GetString()}");
        var envelope = detail.GetProperty("envelope");
        Assert.Equal("jose@example.org", envelope.GetProperty("mailFrom").GetString());
        Assert.Equal(2, envelope.GetProperty("rcptTo").GetArrayLength());
        Assert.Equal("127.0.0.1", envelope.GetProperty("clientIp").GetString());
        Assert.Equal("python.test", envelope.GetProperty("heloName").GetString());
        Assert.Equal(ChannelsHost.RelayUser, envelope.GetProperty("authenticatedUser").GetString());
        Assert.False(string.IsNullOrEmpty(envelope.GetProperty("tls").GetString()));
        Assert.Equal("python detail 你好", detail.GetProperty("subject").GetString());
        Assert.Equal("python-detail@example.org", detail.GetProperty("messageId").GetString());
        Assert.Equal("Line one\n.Line with a dot\n", detail.GetProperty("text").GetString());
        Assert.Equal("José", detail.GetProperty("from")[0].GetProperty("name").GetString());
        Assert.False(detail.GetProperty("malformed").GetBoolean());
    }

    [Fact]
    public async Task Raw_returns_the_bytes_exactly_as_received_with_the_Received_field_first()
    {
        var body = "Subject: raw exact\r\nFrom: a@example.org\r\nMessage-ID: <raw-exact@example.org>\r\n\r\n"
            + string.Concat(Enumerable.Range(0, 50).Select(i => $"line {i} with trailing space \r\n"));
        await using (var probe = await SmtpProbe.ConnectAsync(host.Smtp))
            Assert.StartsWith("250 ", await probe.SendAsync("a@example.org", "raw@example.com", body), StringComparison.Ordinal);

        var item = await host.SingleBySubjectAsync("raw exact");
        using var client = await host.CreateClientAsync();
        var response = await client.GetAsync($"/api/inbound/messages/{item.GetProperty("id").GetString()}/raw");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("message/rfc822", response.Content.Headers.ContentType?.MediaType);
        var raw = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
        Assert.StartsWith("Received: from probe.test ([127.0.0.1])", raw, StringComparison.Ordinal);
        Assert.EndsWith("\r\n" + body, raw, StringComparison.Ordinal);
        Assert.Equal(item.GetProperty("size").GetInt64(), Encoding.UTF8.GetByteCount(raw));
    }

    [Fact]
    public async Task A_large_message_is_spooled_and_comes_back_byte_for_byte()
    {
        var line = new string('x', 998) + "\r\n";
        var body = "Subject: large spooled\r\nFrom: big@example.org\r\n\r\n" + string.Concat(Enumerable.Repeat(line, 3000)); // ~3 MB
        await using (var probe = await SmtpProbe.ConnectAsync(host.Smtp))
            Assert.StartsWith("250 ", await probe.SendAsync("big@example.org", "big@example.com", body), StringComparison.Ordinal);

        var item = await host.SingleBySubjectAsync("large spooled");
        using var client = await host.CreateClientAsync();
        var raw = await client.GetByteArrayAsync($"/api/inbound/messages/{item.GetProperty("id").GetString()}/raw");
        var content = raw.AsSpan(raw.AsSpan().IndexOf("Subject: large spooled"u8));
        Assert.Equal(SHA256.HashData(Encoding.ASCII.GetBytes(body)), SHA256.HashData(content));
    }

    [Fact]
    public async Task Malformed_mail_is_stored_and_flagged_not_dropped()
    {
        await using (var probe = await SmtpProbe.ConnectAsync(host.Smtp))
        {
            var reply = await probe.SendAsync("odd@example.org", "odd@example.com",
                "this is not a header\r\nSubject: malformed flagged\r\n\r\nbody\r\n");
            Assert.StartsWith("250 ", reply, StringComparison.Ordinal);
        }

        var list = await host.ListAsync("?from=odd@example.org");
        var item = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.True(item.GetProperty("malformed").GetBoolean());
        using var client = await host.CreateClientAsync();
        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/inbound/messages/{item.GetProperty("id").GetString()}");
        Assert.Contains("From", detail.GetProperty("problems").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_names_the_smtp_listener_and_says_it_is_listening()
    {
        var health = await host.CreateClient().GetFromJsonAsync<JsonElement>("/health");
        var smtp = health.GetProperty("dependencies").GetProperty("smtp");
        Assert.Equal("up", smtp.GetProperty("status").GetString());
        var listener = Assert.Single(smtp.GetProperty("data").GetProperty("listeners").EnumerateArray());
        Assert.Equal("test", listener.GetProperty("name").GetString());
        Assert.True(listener.GetProperty("listening").GetBoolean());
    }

    [Fact]
    public async Task The_list_pages_newest_first_with_a_cursor_and_filters()
    {
        for (var i = 0; i < 5; i++)
        {
            await using var probe = await SmtpProbe.ConnectAsync(host.Smtp);
            var reply = await probe.SendAsync($"pager{i}@example.org", "pages@example.com", $"Subject: paging {i}\r\nFrom: pager{i}@example.org\r\n\r\nbody\r\n");
            Assert.StartsWith("250 ", reply, StringComparison.Ordinal);
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await host.ListAsync("?to=pages@example.com&limit=2" + (cursor is null ? "" : "&cursor=" + cursor));
            Assert.Equal(5, page.GetProperty("total").GetInt64());
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("subject").GetString()!));
            cursor = page.GetProperty("next").GetString();
        }
        while (cursor is not null);

        Assert.Equal(["paging 4", "paging 3", "paging 2", "paging 1", "paging 0"], seen);
        var one = await host.ListAsync("?subject=PAGING%203");
        Assert.Equal("paging 3", Assert.Single(one.GetProperty("items").EnumerateArray()).GetProperty("subject").GetString());
        var since = await host.ListAsync("?to=pages@example.com&since=" + Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O")));
        Assert.Equal(0, since.GetProperty("total").GetInt64());
    }
}
