using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MailHub.Channels.Contracts;
using MailHub.Channels.Sandbox.Pop3;
using MailHub.Channels.Tests.Mailboxes;
using MailHub.Channels.Tests.Support;
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
}
