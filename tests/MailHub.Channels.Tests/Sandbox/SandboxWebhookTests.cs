using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MailHub.Channels.Contracts;
using MailHub.Channels.Tests.Mailboxes;
using MailHub.Channels.Tests.Support;
using MailHub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MailHub.Channels.Tests.Sandbox;

/// <summary>The channels host with webhook retries a fifth of a second apart, 5 attempts, a webhook disabled after 3 failures in a row.</summary>
public sealed class WebhookHost : ChannelsHost
{
    public WebhookHost()
    {
        Settings["MailHub:Sandbox:WebhookRetryDelay"] = "00:00:00.2";
        Settings["MailHub:Sandbox:WebhookPoll"] = "00:00:00.2";
        Settings["MailHub:Sandbox:WebhookMaxAttempts"] = "5";
        Settings["MailHub:Sandbox:WebhookDisableAfter"] = "3";
        Settings["MailHub:Sandbox:PublicUrl"] = "http://mailhub.test:5080";
    }
}

/// <summary>A webhook receiver on loopback (HttpListener): answers 500 to the first POST of each delivery, 200 after, and keeps every request.</summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, int> _seen = new();

    public WebhookReceiver()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/hook/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public string Url { get; }

    public ConcurrentQueue<(string Delivery, string Event, string Timestamp, string Signature, string Body, int Answered)> Requests { get; } = new();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var delivery = context.Request.Headers["X-MailHub-Delivery"] ?? "";
            var status = _seen.AddOrUpdate(delivery, 1, (_, n) => n + 1) == 1 ? 500 : 200;
            Requests.Enqueue((delivery, context.Request.Headers["X-MailHub-Event"] ?? "", context.Request.Headers["X-MailHub-Timestamp"] ?? "",
                context.Request.Headers["X-MailHub-Signature"] ?? "", body, status));
            context.Response.StatusCode = status;
            context.Response.Close();
        }
    }

    public void Dispose() => _listener.Close();
}

/// <summary>Webhooks on captured and received sandbox mail: signed, retried, logged, and disabled after repeated failures.</summary>
public sealed class SandboxWebhookTests(WebhookHost host) : IClassFixture<WebhookHost>
{
    private const string Secret = "qa-webhook-secret-0123456789";

    private static string Expected(string timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(timestamp + "." + body)));

    [Fact]
    public async Task A_receiver_on_loopback_gets_signed_retried_deliveries_for_captured_and_received_mail()
    {
        using var receiver = new WebhookReceiver();
        using var client = await host.CreateClientAsync();
        var created = await client.PostAsJsonAsync("/api/sandbox/webhooks", new { url = receiver.Url, secret = Secret, events = new[] { "captured", "received" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var webhook = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(webhook.TryGetProperty("secret", out _));

        var mailbox = await MailboxApi.CreateAsync(client, new { name = "Hooked", inbound = new { protocol = "sandbox" } });
        var mailboxId = Guid.Parse(mailbox.GetProperty("id").GetString()!);
        var address = mailbox.GetProperty("address").GetString()!;
        var messageId = $"{Guid.NewGuid():N}@sandbox.mailhub.test";
        var content = Encoding.UTF8.GetBytes($"From: {address}\r\nTo: buyer@example.org\r\nSubject: Hooked 4711\r\nMessage-ID: <{messageId}>\r\n\r\nShipped.\r\n");
        await host.Services.GetRequiredService<IOutbox>().EnqueueAsync(new OutboundMessage(mailboxId, $"<{messageId}>", address, ["buyer@example.org"], content, "hook"));

        // The first POST is answered 500, the retry 200: two requests of one delivery, each signed over its own timestamp.
        var captured = await Eventually.GetAsync(() => Task.FromResult(receiver.Requests.Where(r => r.Event == "captured").ToList() is { Count: >= 2 } list ? list : null),
            "the captured event delivered twice", TimeSpan.FromSeconds(30));
        Assert.Equal([500, 200], captured.Take(2).Select(r => r.Answered));
        Assert.Equal(captured[0].Delivery, captured[1].Delivery);
        foreach (var request in captured)
        {
            Assert.Equal(Expected(request.Timestamp, request.Body), request.Signature);
            Assert.InRange(long.Parse(request.Timestamp, System.Globalization.CultureInfo.InvariantCulture),
                DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());
        }
        var payload = JsonDocument.Parse(captured[1].Body).RootElement;
        Assert.Equal("captured", payload.GetProperty("event").GetString());
        Assert.Equal("Hooked 4711", payload.GetProperty("subject").GetString());
        Assert.Equal(messageId, payload.GetProperty("messageId").GetString());
        var capturedId = payload.GetProperty("id").GetString();
        Assert.Equal($"http://mailhub.test:5080/api/sandbox/messages/{capturedId}/raw", payload.GetProperty("raw").GetString());

        // Mail into the sandbox mailbox is "received".
        await using (var probe = await SmtpProbe.ConnectAsync(host.Smtp))
        {
            var reply = await probe.SendAsync("buyer@example.org", address,
                $"From: buyer@example.org\r\nTo: {address}\r\nSubject: Hooked answer\r\nMessage-ID: <{Guid.NewGuid():N}@example.org>\r\n\r\nThanks\r\n");
            Assert.StartsWith("250 ", reply, StringComparison.Ordinal);
        }
        var received = await Eventually.GetAsync(() => Task.FromResult(receiver.Requests.FirstOrDefault(r => r.Event == "received" && r.Answered == 200) is { Body.Length: > 0 } r ? r.Body : null),
            "the received event", TimeSpan.FromSeconds(30));
        Assert.Equal("Hooked answer", JsonDocument.Parse(received).RootElement.GetProperty("subject").GetString());

        // The delivery log.
        var hooks = await client.GetFromJsonAsync<JsonElement>("/api/sandbox/webhooks");
        var hook = hooks.EnumerateArray().Single(h => h.GetProperty("id").GetString() == webhook.GetProperty("id").GetString());
        var log = hook.GetProperty("deliveries").EnumerateArray().Single(d => d.GetProperty("id").GetString() == captured[0].Delivery);
        Assert.Equal("delivered", log.GetProperty("state").GetString());
        Assert.Equal(2, log.GetProperty("attempts").GetInt32());
        Assert.Equal(200, log.GetProperty("lastStatus").GetInt32());
        Assert.True(hook.GetProperty("enabled").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/sandbox/webhooks/{hook.GetProperty("id").GetString()}")).StatusCode);
    }

    [Fact]
    public async Task A_webhook_that_keeps_failing_is_disabled_with_the_reason_and_can_be_enabled_again()
    {
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop(); // nothing listens there: every attempt is refused
        using var client = await host.CreateClientAsync();
        var created = await client.PostAsJsonAsync("/api/sandbox/webhooks", new { url = $"http://127.0.0.1:{port}/hook", secret = Secret, events = new[] { "captured" } });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var mailbox = await MailboxApi.CreateAsync(client, new { name = "Hook Fails", inbound = new { protocol = "sandbox" } });
        var address = mailbox.GetProperty("address").GetString()!;
        var messageId = $"{Guid.NewGuid():N}@sandbox.mailhub.test";
        await host.Services.GetRequiredService<IOutbox>().EnqueueAsync(new OutboundMessage(Guid.Parse(mailbox.GetProperty("id").GetString()!), $"<{messageId}>",
            address, ["x@example.org"], Encoding.UTF8.GetBytes($"From: {address}\r\nTo: x@example.org\r\nSubject: fails\r\nMessage-ID: <{messageId}>\r\n\r\n.\r\n"), "x"));

        var disabled = await Eventually.GetAsync(async () =>
        {
            var hooks = await client.GetFromJsonAsync<JsonElement>("/api/sandbox/webhooks");
            var hook = hooks.EnumerateArray().Single(h => h.GetProperty("id").GetString() == id);
            return hook.GetProperty("enabled").GetBoolean() ? (JsonElement?)null : hook;
        }, "the webhook disabled", TimeSpan.FromSeconds(30));
        Assert.Contains("3 attempts in a row failed", disabled!.Value.GetProperty("disabledReason").GetString(), StringComparison.Ordinal);
        var delivery = Assert.Single(disabled.Value.GetProperty("deliveries").EnumerateArray());
        Assert.Equal("pending", delivery.GetProperty("state").GetString()); // waits for the webhook to be enabled
        Assert.Equal(3, delivery.GetProperty("attempts").GetInt32());

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync($"/api/sandbox/webhooks/{id}/enable", null)).StatusCode);
        var enabled = (await client.GetFromJsonAsync<JsonElement>("/api/sandbox/webhooks")).EnumerateArray().Single(h => h.GetProperty("id").GetString() == id);
        Assert.Equal(JsonValueKind.Null, enabled.GetProperty("disabledReason").ValueKind);

        var bad = await client.PostAsJsonAsync("/api/sandbox/webhooks", new { url = "ftp://example.org", secret = "short", events = new[] { "sent" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadAsStringAsync();
        Assert.Contains("url", problem, StringComparison.Ordinal);
        Assert.Contains("secret", problem, StringComparison.Ordinal);
        Assert.Contains("events[0]", problem, StringComparison.Ordinal);
        await client.DeleteAsync($"/api/sandbox/webhooks/{id}");
    }
}
