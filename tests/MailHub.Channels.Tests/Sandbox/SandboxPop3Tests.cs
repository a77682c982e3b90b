using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MailHub.Channels.Contracts;
using MailHub.Channels.Sandbox.Pop3;
using MailHub.Channels.Tests.Mailboxes;
using MailHub.Channels.Tests.Support;
using MailHub.Testing;
using MailKit.Net.Pop3;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;

namespace MailHub.Channels.Tests.Sandbox;

/// <summary>The channels host with the sandbox's POP3 server on a free loopback port.</summary>
public sealed class Pop3Host : ChannelsHost
{
    public Pop3Host() => Settings["MailHub:Sandbox:Pop3"] = "127.0.0.1:0";

    public System.Net.IPEndPoint Pop3 => Services.GetRequiredService<SandboxPop3>().Endpoint!;
}

/// <summary>POP3 (RFC 1939) read of a sandbox mailbox's captured mail with MailKit's Pop3Client: STLS, login with an API token, RETR, DELE.</summary>
public sealed class SandboxPop3Tests(Pop3Host host) : IClassFixture<Pop3Host>
{
    [Fact]
    public async Task MailKit_reads_and_deletes_captured_mail_over_stls_with_a_token_and_a_wrong_token_is_refused()
    {
        using var client = await host.CreateClientAsync();
        var token = client.DefaultRequestHeaders.Authorization!.Parameter!;
        var mailbox = await MailboxApi.CreateAsync(client, new { name = "Pop Reader", inbound = new { protocol = "sandbox" } });
        var mailboxId = Guid.Parse(mailbox.GetProperty("id").GetString()!);
        var address = mailbox.GetProperty("address").GetString()!;
        var outbox = host.Services.GetRequiredService<IOutbox>();
        foreach (var subject in new[] { "Pop one", "Pop two 你好" })
        {
            var messageId = $"{Guid.NewGuid():N}@sandbox.mailhub.test";
            var content = Encoding.UTF8.GetBytes($"From: {address}\r\nTo: buyer@example.org\r\nSubject: =?UTF-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(subject))}?=\r\n"
                + $"Message-ID: <{messageId}>\r\n\r\nLine one\r\n.line with a dot\r\n");
            await outbox.EnqueueAsync(new OutboundMessage(mailboxId, $"<{messageId}>", address, ["buyer@example.org"], content, subject));
            await client.GetFromJsonAsync<JsonElement>($"/api/sandbox/messages/wait?mailbox={mailboxId}&subject={Uri.EscapeDataString(subject)}&timeout=20");
        }

        using (var pop = new Pop3Client())
        {
            pop.ServerCertificateValidationCallback = (_, _, _, _) => true; // the listener's self-signed certificate
            await pop.ConnectAsync(host.Pop3.Address.ToString(), host.Pop3.Port, SecureSocketOptions.StartTls);
            Assert.True(pop.IsSecure);
            Assert.True(pop.Capabilities.HasFlag(Pop3Capabilities.UIDL));
            await Assert.ThrowsAsync<AuthenticationException>(() => pop.AuthenticateAsync(address, "not-a-token"));
            await pop.AuthenticateAsync(address, token);
            Assert.Equal(2, pop.Count);
            var first = await pop.GetMessageAsync(0);
            Assert.Equal("Pop one", first.Subject);
            Assert.Equal("Line one\n.line with a dot\n", first.TextBody!.ReplaceLineEndings("\n")); // the dot-stuffing undone
            Assert.Equal("Pop two 你好", (await pop.GetMessageAsync(1)).Subject);
            Assert.Equal(2, (await pop.GetMessageUidsAsync()).Distinct().Count());
            var headers = await pop.GetMessageHeadersAsync(1);
            Assert.Contains("Pop two", headers[MimeKit.HeaderId.Subject] is { } s ? MimeKit.Utils.Rfc2047.DecodeText(Encoding.ASCII.GetBytes(s)) : "", StringComparison.Ordinal);
            await pop.DeleteMessageAsync(0);
            await pop.DisconnectAsync(true); // QUIT: the UPDATE state deletes it
        }
        var left = await client.GetFromJsonAsync<JsonElement>($"/api/sandbox/messages?mailbox={mailboxId}");
        Assert.Equal(["Pop two 你好"], left.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("subject").GetString()));

        // AUTH PLAIN (RFC 5034) too, once MailKit prefers SASL.
        using (var pop = new Pop3Client())
        {
            pop.ServerCertificateValidationCallback = (_, _, _, _) => true;
            await pop.ConnectAsync(host.Pop3.Address.ToString(), host.Pop3.Port, SecureSocketOptions.StartTls);
            Assert.Contains("PLAIN", pop.AuthenticationMechanisms);
            await pop.AuthenticateAsync(new SaslMechanismPlain(address, token));
            Assert.Equal(1, pop.Count);
            await pop.DisconnectAsync(true);
        }
    }

    [Fact]
    public async Task The_maildrop_is_the_mailbox_s_received_and_captured_mail_and_dele_of_received_mail_only_leaves_the_maildrop()
    {
        using var client = await host.CreateClientAsync();
        var token = client.DefaultRequestHeaders.Authorization!.Parameter!;
        var mailbox = await MailboxApi.CreateAsync(client, new { name = "Pop Both", inbound = new { protocol = "sandbox" } });
        var mailboxId = Guid.Parse(mailbox.GetProperty("id").GetString()!);
        var address = mailbox.GetProperty("address").GetString()!;

        // Received first (over the SMTP listener, as a customer writes), then a reply captured.
        await using (var probe = await SmtpProbe.ConnectAsync(host.Smtp))
            Assert.StartsWith("250 ", await probe.SendAsync("buyer@example.org", address,
                $"From: buyer@example.org\r\nTo: {address}\r\nSubject: Pop received\r\nMessage-ID: <{Guid.NewGuid():N}@example.org>\r\n\r\nWhere is my order?\r\n"), StringComparison.Ordinal);
        var messageId = $"{Guid.NewGuid():N}@sandbox.mailhub.test";
        await host.Services.GetRequiredService<IOutbox>().EnqueueAsync(new OutboundMessage(mailboxId, $"<{messageId}>", address, ["buyer@example.org"],
            Encoding.UTF8.GetBytes($"From: {address}\r\nTo: buyer@example.org\r\nSubject: Pop captured\r\nMessage-ID: <{messageId}>\r\n\r\nOn its way.\r\n"), "Pop captured"));
        await client.GetFromJsonAsync<JsonElement>($"/api/sandbox/messages/wait?mailbox={mailboxId}&subject=Pop%20captured&timeout=20");

        using (var pop = new Pop3Client())
        {
            await pop.ConnectAsync(host.Pop3.Address.ToString(), host.Pop3.Port, SecureSocketOptions.None); // loopback: no STLS needed
            await pop.AuthenticateAsync(address, token);
            Assert.Equal(2, pop.Count);
            var received = await pop.GetMessageAsync(0);
            Assert.Equal("Pop received", received.Subject);
            Assert.NotNull(received.Headers[MimeKit.HeaderId.Received]); // as stored: our trace field first
            Assert.Equal("Pop captured", (await pop.GetMessageAsync(1)).Subject);
            await pop.DeleteMessagesAsync([0, 1]);
            await pop.DisconnectAsync(true);
        }

        // The capture left the sandbox; the received message is still MailHub's (its conversation), only out of the maildrop.
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>($"/api/sandbox/messages?mailbox={mailboxId}")).GetProperty("total").GetInt64());
        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>($"/api/inbound/messages?mailbox={mailboxId}")).GetProperty("total").GetInt64());
        using (var pop = new Pop3Client())
        {
            await pop.ConnectAsync(host.Pop3.Address.ToString(), host.Pop3.Port, SecureSocketOptions.None);
            await pop.AuthenticateAsync(address, token);
            Assert.Equal(0, pop.Count);
            await pop.DisconnectAsync(true);
        }
    }

    [Fact]
    public async Task A_second_node_given_the_first_s_port_runs_without_pop3_and_the_first_keeps_serving()
    {
        _ = host.Pop3; // the first node, on the free port it took (127.0.0.1:0)
        await using var second = new SecondNode(host);
        second.Settings["MailHub:Sandbox:Pop3"] = host.Pop3.ToString();
        using var client = await second.CreateClientAsync();
        Assert.Null(second.Services.GetRequiredService<SandboxPop3>().Endpoint); // the bind failed: logged, the node up
        Assert.True((await client.GetAsync("/api/sandbox/chaos")).IsSuccessStatusCode);

        using var pop = new Pop3Client();
        await pop.ConnectAsync(host.Pop3.Address.ToString(), host.Pop3.Port, SecureSocketOptions.None);
        Assert.True(pop.IsConnected);
        await pop.DisconnectAsync(true);
    }
}
