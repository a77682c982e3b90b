using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Channels.Contracts;
using MailHub.Channels.Smtp;
using MailHub.Channels.Tests.Mailboxes;
using MailHub.Channels.Tests.Support;
using MailHub.Testing;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace MailHub.Channels.Tests.Sandbox;

/// <summary>The channels host with a second, plain endpoint marked as the QA sandbox's (every stage may fail there).</summary>
public sealed class ChaosHost : ChannelsHost
{
    public ChaosHost()
    {
        Settings["MailHub:Smtp:Endpoints:1:Name"] = "sandbox";
        Settings["MailHub:Smtp:Endpoints:1:Address"] = "127.0.0.1";
        Settings["MailHub:Smtp:Endpoints:1:Port"] = "0";
        Settings["MailHub:Smtp:Endpoints:1:TlsMode"] = "None";
        Settings["MailHub:Smtp:Endpoints:1:Sandbox"] = "true";
        Settings["MailHub:Smtp:Endpoints:1:AllowInsecureAuth"] = "true";
        Settings["MailHub:Outbound:RetryDelay"] = "00:10:00"; // a 4xx'd capture stays queued while the test looks at it
    }

    public IPEndPoint SandboxSmtp => Services.GetRequiredService<SmtpListener>().ListeningEndpoints[1];
}

/// <summary>
/// Failure injection (GET/PUT /api/sandbox/chaos) against real clients: Python's smtplib and MailKit on the listener, the real
/// outbox for captures, and the DSN a "bounce" rule sends back read by MailHub's own report reader.
/// </summary>
public sealed class SandboxChaosTests(ChaosHost host) : IClassFixture<ChaosHost>
{
    /// <summary>A sandbox mailbox (its address is claimed, so the listener takes mail for it and its +tags): "name@sandbox.mailhub.test".</summary>
    private static async Task<string> SandboxAddressAsync(HttpClient client, string name) =>
        (await MailboxApi.CreateAsync(client, new { name, inbound = new { protocol = "sandbox" } })).GetProperty("address").GetString()!;

    private static string Tagged(string address, string tag) => address.Replace("@", "+" + tag + "@", StringComparison.Ordinal);

    private static async Task PutAsync(HttpClient client, params object[] rules)
    {
        var response = await client.PutAsJsonAsync("/api/sandbox/chaos", new { rules });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<(int Exit, string Output)> SmtplibAsync(int port, string to, string subject)
    {
        var script = $$"""
            import smtplib
            from email.message import EmailMessage
            msg = EmailMessage()
            msg["From"] = "qa@example.org"
            msg["To"] = "{{to}}"
            msg["Subject"] = "{{subject}}"
            msg.set_content("chaos\n")
            try:
                with smtplib.SMTP("127.0.0.1", {{port}}, local_hostname="python.test") as s:
                    s.send_message(msg)
                print("sent")
            except smtplib.SMTPRecipientsRefused as e:
                code, text = e.recipients["{{to}}"]
                print("refused", code, text.decode())
            except smtplib.SMTPDataError as e:
                print("data", e.smtp_code, e.smtp_error.decode())
            except smtplib.SMTPServerDisconnected as e:
                print("disconnected", e)
            except smtplib.SMTPConnectError as e:
                print("connect", e.smtp_code, e.smtp_error.decode())
            """;
        return await ExternalTool.RunAsync("python3", "-c", script);
    }

    [Fact]
    public async Task Chaos_is_off_by_default_and_a_put_is_answered_with_its_defaults_and_kept()
    {
        using var client = await host.CreateClientAsync();
        await PutAsync(client); // another test may have left rules
        var empty = await client.GetFromJsonAsync<JsonElement>("/api/sandbox/chaos");
        Assert.Equal(0, empty.GetProperty("rules").GetArrayLength());

        var qa = await SandboxAddressAsync(client, "Chaos Delay");
        await PutAsync(client, new { direction = "inbound", stage = "RCPT", pattern = Tagged(qa, "slow*"), action = "delay", delaySeconds = 0.5 });
        var rule = Assert.Single((await client.GetFromJsonAsync<JsonElement>("/api/sandbox/chaos")).GetProperty("rules").EnumerateArray());
        Assert.Equal("rcpt", rule.GetProperty("stage").GetString());
        Assert.Equal(100, rule.GetProperty("probability").GetInt32());
        Assert.Equal(0.5, rule.GetProperty("delaySeconds").GetDouble());

        // A delayed RCPT is still answered, and the message is taken.
        var (exit, output) = await SmtplibAsync(host.SmtpPort, Tagged(qa, "slow1"), "chaos delay 1");
        Assert.True(exit == 0 && output.Contains("sent", StringComparison.Ordinal), output);
        await PutAsync(client);
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/sandbox/chaos")).GetProperty("rules").GetArrayLength());
    }

    [Fact]
    public async Task A_451_at_rcpt_reaches_smtplib_for_the_pattern_only_and_never_a_real_mailbox()
    {
        using var client = await host.CreateClientAsync();
        var qa = await SandboxAddressAsync(client, "Chaos Rcpt");
        await PutAsync(client,
            new { direction = "inbound", stage = "rcpt", pattern = Tagged(qa, "flaky-*"), action = "reply", code = 451, text = "4.7.1 Try again later (QA)" },
            new { direction = "inbound", stage = "rcpt", pattern = "*@example.com", action = "reply", code = 550, text = "never for real mailboxes" });

        var (_, refused) = await SmtplibAsync(host.SmtpPort, Tagged(qa, "flaky-7"), "chaos rcpt 1");
        Assert.Contains("refused 451 4.7.1 Try again later (QA)", refused, StringComparison.Ordinal);

        var (_, other) = await SmtplibAsync(host.SmtpPort, Tagged(qa, "steady"), "chaos rcpt 2");
        Assert.Contains("sent", other, StringComparison.Ordinal);

        // example.com is a real accepted domain here, not the sandbox's: the rule that names it never fires.
        var (_, real) = await SmtplibAsync(host.SmtpPort, "sales@example.com", "chaos rcpt 3");
        Assert.Contains("sent", real, StringComparison.Ordinal);
        await PutAsync(client);
    }

    [Fact]
    public async Task A_data_rule_for_everything_never_touches_a_real_mailbox_nor_a_message_that_also_goes_to_one()
    {
        using var client = await host.CreateClientAsync();
        var qa = await SandboxAddressAsync(client, "Chaos Data All");
        await PutAsync(client, new { direction = "inbound", stage = "data", pattern = "*", action = "reply", code = 554, text = "5.6.0 QA says no" });

        var (_, sandboxOnly) = await SmtplibAsync(host.SmtpPort, qa, "chaos data all 1");
        Assert.Contains("data 554 5.6.0 QA says no", sandboxOnly, StringComparison.Ordinal);
        var (_, real) = await SmtplibAsync(host.SmtpPort, "orders@example.com", "chaos data all 2");
        Assert.Contains("sent", real, StringComparison.Ordinal);

        // One message to a sandbox address and a real one: DATA acts only when every accepted recipient is a sandbox address.
        using (var smtp = new SmtpClient())
        {
            await smtp.ConnectAsync("127.0.0.1", host.SmtpPort, SecureSocketOptions.None);
            var message = new MimeMessage();
            message.From.Add(MailboxAddress.Parse("qa@example.org"));
            message.To.Add(MailboxAddress.Parse(qa));
            message.To.Add(MailboxAddress.Parse("orders@example.com"));
            message.Subject = "chaos data all 3";
            message.Body = new TextPart("plain") { Text = "both" };
            await smtp.SendAsync(message);
            await smtp.DisconnectAsync(true);
        }
        Assert.Equal(1, (await host.ListAsync("?subject=chaos%20data%20all%203")).GetProperty("total").GetInt64());
        await PutAsync(client);
    }

    [Fact]
    public async Task Rules_before_rcpt_are_answered_with_a_note_that_they_act_only_on_sandbox_endpoints()
    {
        using var client = await host.CreateClientAsync();
        var response = await client.PutAsJsonAsync("/api/sandbox/chaos", new
        {
            rules = new object[]
            {
                new { direction = "inbound", stage = "rcpt", action = "reply", code = 451 },
                new { direction = "inbound", stage = "ehlo", action = "reply", code = 554 },
                new { direction = "inbound", stage = "mail", action = "drop" },
            },
        });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        Assert.Equal(["sandbox"], body.GetProperty("sandboxEndpoints").EnumerateArray().Select(e => e.GetString()));
        var notes = body.GetProperty("notes").EnumerateArray().Select(n => n.GetString()!).ToList();
        Assert.Equal(2, notes.Count);
        Assert.StartsWith("rules[1]: at ehlo no recipient is known yet, so this rule acts only on SMTP endpoints marked Sandbox; on this node: sandbox.", notes[0], StringComparison.Ordinal);
        Assert.StartsWith("rules[2]: at mail", notes[1], StringComparison.Ordinal);
        Assert.Equal(2, (await client.GetFromJsonAsync<JsonElement>("/api/sandbox/chaos")).GetProperty("notes").GetArrayLength());
        await PutAsync(client);
    }

    [Fact]
    public async Task A_reply_at_the_end_of_data_refuses_the_message_and_nothing_is_stored()
    {
        using var client = await host.CreateClientAsync();
        var full = await SandboxAddressAsync(client, "Chaos Full");
        await PutAsync(client, new { direction = "inbound", stage = "data", pattern = full, action = "reply", code = 552, text = "5.2.2 Mailbox full" });
        var (_, output) = await SmtplibAsync(host.SmtpPort, full, "chaos data refused");
        Assert.Contains("data 552 5.2.2 Mailbox full", output, StringComparison.Ordinal);
        Assert.Equal(0, (await host.ListAsync("?subject=chaos%20data%20refused")).GetProperty("total").GetInt64());

        await PutAsync(client);
        var (_, again) = await SmtplibAsync(host.SmtpPort, full, "chaos data refused");
        Assert.Contains("sent", again, StringComparison.Ordinal);
        Assert.Equal(1, (await host.ListAsync("?subject=chaos%20data%20refused")).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task On_the_sandbox_endpoint_connect_ehlo_auth_and_mail_fail_as_told_and_the_other_endpoint_is_untouched()
    {
        using var client = await host.CreateClientAsync();
        var sandbox = host.SandboxSmtp;

        await PutAsync(client, new { direction = "inbound", stage = "connect", action = "reply", code = 421, text = "4.3.2 Not now (QA)" });
        using (var smtp = new SmtpClient())
        {
            var e = await Assert.ThrowsAsync<SmtpCommandException>(() => smtp.ConnectAsync(sandbox.Address.ToString(), sandbox.Port, SecureSocketOptions.None));
            Assert.Equal(421, (int)e.StatusCode);
            Assert.Contains("Not now (QA)", e.Message, StringComparison.Ordinal);
        }
        // The other endpoint is not a sandbox endpoint: its greeting is the usual one.
        using (var smtp = new SmtpClient())
        {
            await smtp.ConnectAsync(host.Smtp.Address.ToString(), host.SmtpPort, SecureSocketOptions.None);
            await smtp.DisconnectAsync(true);
        }

        await PutAsync(client, new { direction = "inbound", stage = "ehlo", pattern = "bad-client.test", action = "reply", code = 554, text = "5.7.1 Not welcome" });
        using (var smtp = new SmtpClient { LocalDomain = "bad-client.test" })
        {
            var e = await Assert.ThrowsAsync<SmtpCommandException>(() => smtp.ConnectAsync(sandbox.Address.ToString(), sandbox.Port, SecureSocketOptions.None));
            Assert.Equal(554, (int)e.StatusCode);
        }
        using (var smtp = new SmtpClient { LocalDomain = "good-client.test" })
        {
            await smtp.ConnectAsync(sandbox.Address.ToString(), sandbox.Port, SecureSocketOptions.None);
            await smtp.DisconnectAsync(true);
        }

        await PutAsync(client, new { direction = "inbound", stage = "auth", pattern = ChannelsHost.RelayUser, action = "reply", code = 454, text = "4.7.0 Temporary authentication failure" });
        using (var smtp = new SmtpClient())
        {
            await smtp.ConnectAsync(sandbox.Address.ToString(), sandbox.Port, SecureSocketOptions.None);
            var e = await Assert.ThrowsAsync<AuthenticationException>(() => smtp.AuthenticateAsync(ChannelsHost.RelayUser, ChannelsHost.RelayPassword));
            Assert.Equal(454, (int)Assert.IsType<SmtpCommandException>(e.InnerException).StatusCode);
            Assert.True(smtp.IsConnected); // a reply, not a drop
        }

        await PutAsync(client, new { direction = "inbound", stage = "mail", pattern = "*@blocked.example", action = "drop" });
        using (var smtp = new SmtpClient())
        {
            await smtp.ConnectAsync(sandbox.Address.ToString(), sandbox.Port, SecureSocketOptions.None);
            var message = new MimeMessage();
            message.From.Add(MailboxAddress.Parse("someone@blocked.example"));
            message.To.Add(MailboxAddress.Parse("anyone@example.com"));
            message.Subject = "chaos drop";
            message.Body = new TextPart("plain") { Text = "dropped" };
            await Assert.ThrowsAnyAsync<Exception>(() => smtp.SendAsync(message));
            Assert.False(smtp.IsConnected);
        }
        await PutAsync(client);
    }

    [Fact]
    public async Task Outbound_rules_answer_the_capture_4xx_retried_5xx_failed_and_bounce_brings_a_dsn_back()
    {
        using var client = await host.CreateClientAsync();
        var mailbox = await MailboxApi.CreateAsync(client, new { name = "Chaos Out", inbound = new { protocol = "sandbox" } });
        var mailboxId = Guid.Parse(mailbox.GetProperty("id").GetString()!);
        var address = mailbox.GetProperty("address").GetString()!;
        await PutAsync(client,
            new { direction = "outbound", pattern = "later@customer.example", action = "reply", code = 451, text = "4.2.1 Busy" },
            new { direction = "outbound", pattern = "gone@customer.example", action = "reply", code = 550, text = "5.1.1 No such user" },
            new { direction = "outbound", pattern = "*@bounce.example", action = "bounce", status = "5.1.2", text = "Bad destination system", delaySeconds = 0.2 });

        var outbox = host.Services.GetRequiredService<IOutbox>();
        var events = host.Services.GetRequiredService<Marten.IDocumentStore>();
        async Task<(Guid Id, string MessageId)> SendAsync(string to, string subject)
        {
            var messageId = $"{Guid.NewGuid():N}@sandbox.mailhub.test";
            var content = System.Text.Encoding.UTF8.GetBytes(
                $"From: {address}\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: <{messageId}>\r\n\r\nHello.\r\n");
            return (await outbox.EnqueueAsync(new OutboundMessage(mailboxId, $"<{messageId}>", address, [to], content, subject)), messageId);
        }
        async Task<IReadOnlyList<object>> EventsAsync(Guid id) => [.. (await events.ReadStreamAsync(OutboundDelivered.StreamOf(id))).Select(e => e.Data)];

        var (failedId, _) = await SendAsync("gone@customer.example", "chaos out 550");
        var failed = await Eventually.GetAsync(async () => (await EventsAsync(failedId)).OfType<OutboundFailed>().FirstOrDefault(), "the 550", TimeSpan.FromSeconds(20));
        Assert.True(failed.Permanent);
        Assert.Equal("550 5.1.1", failed.Status);

        var (laterId, _) = await SendAsync("later@customer.example", "chaos out 451");
        var later = await Eventually.GetAsync(async () => (await EventsAsync(laterId)).OfType<OutboundFailed>().FirstOrDefault(), "the 451", TimeSpan.FromSeconds(20));
        Assert.False(later.Permanent); // queued for a retry, as after a real server's 451
        Assert.Equal("451 4.2.1", later.Status);

        var (bounceId, bouncedMessageId) = await SendAsync("someone@bounce.example", "chaos out bounce");
        var delivered = await Eventually.GetAsync(async () => (await EventsAsync(bounceId)).OfType<OutboundDelivered>().FirstOrDefault(), "the capture", TimeSpan.FromSeconds(20));
        Assert.Equal(bouncedMessageId, delivered.MessageId);
        var captured = await client.GetFromJsonAsync<JsonElement>("/api/sandbox/messages?subject=chaos%20out");
        Assert.Equal(["chaos out bounce"], captured.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("subject").GetString()));

        // The report arrives in the sending mailbox, and MailHub's own reader takes it for a bounce of that message.
        var report = await Eventually.GetAsync(async () =>
        {
            var list = await client.GetFromJsonAsync<JsonElement>($"/api/inbound/messages?mailbox={mailboxId}");
            return list.GetProperty("items").EnumerateArray().Select(i => (JsonElement?)i).FirstOrDefault();
        }, "the bounce", TimeSpan.FromSeconds(20));
        var raw = await client.GetByteArrayAsync($"/api/inbound/messages/{report!.Value.GetProperty("id").GetString()}/raw");
        using var mail = MailHub.Mail.Mime.MailReader.Load(raw);
        var status = Assert.IsType<MailHub.Mail.Mime.DeliveryStatusReport>(mail.DeliveryStatus);
        Assert.Equal(bouncedMessageId, status.OriginalMessageId);
        var recipient = Assert.Single(status.Recipients);
        Assert.Equal("someone@bounce.example", recipient.FinalRecipient);
        Assert.Equal("failed", recipient.Action);
        Assert.Equal("5.1.2", recipient.Status);
        Assert.Contains("Bad destination system", recipient.DiagnosticCode, StringComparison.Ordinal);
        Assert.Equal("multipart/report", MimeMessage.Load(new MemoryStream(raw)).Body!.ContentType.MimeType);
        await PutAsync(client);
    }

    [Fact]
    public async Task A_rule_that_cannot_work_is_refused_with_what_to_fix()
    {
        using var client = await host.CreateClientAsync();
        var response = await client.PutAsJsonAsync("/api/sandbox/chaos", new
        {
            rules = new object[]
            {
                new { direction = "inbound", stage = "helo-ish", action = "reply", code = 250 },
                new { direction = "outbound", action = "drop" },
            },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadAsStringAsync();
        Assert.Contains("rules[0].stage", problem, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("rules[0].code", problem, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("rules[1].action", problem, StringComparison.OrdinalIgnoreCase);
    }
}
