using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using MailHub.Mail.Mime;
using MailHub.Testing;

namespace MailHub.Conversations.Tests;

/// <summary>
/// The real host with the real Channels: a sandbox mailbox <see cref="MailboxAddress"/> receives mail
/// through the SMTP listener (on a free port), and everything it sends is captured by the sandbox.
/// </summary>
public class ConversationsHost : MailHubFactory
{
    public const string MailboxAddress = "support@shop.example";

    private IPEndPoint? _smtp;

    public ConversationsHost()
    {
        Settings["MailHub:Smtp:Endpoints:0:Address"] = "127.0.0.1";
        Settings["MailHub:Smtp:Endpoints:0:Port"] = "0";
        Settings["MailHub:Smtp:Endpoints:0:TlsMode"] = "None";
        Settings["MailHub:Smtp:CertificatePath"] = Path.Combine(Path.GetTempPath(), "mailhub-conversations-tests-cert.pfx");
    }

    public Guid MailboxId { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using var client = await CreateClientAsync();
        var created = await client.PostAsJsonAsync("/api/channels/mailboxes", new
        {
            name = "Support", address = MailboxAddress, displayName = "Shop Support", inbound = new { protocol = "sandbox" },
            allowPlusAddressing = true, subjectTokens = true,
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        MailboxId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var health = await client.GetFromJsonAsync<JsonElement>("/health");
        _smtp = IPEndPoint.Parse(health.GetProperty("dependencies").GetProperty("smtp").GetProperty("data").GetProperty("listeners")[0]
            .GetProperty("address").GetString()!);
    }

    /// <summary>Sends the message to the mailbox over SMTP, as the customer's server does; the listener stores it and announces it.</summary>
    public async Task DeliverAsync(byte[] raw, string mailFrom = "customer@example.com", string rcptTo = MailboxAddress)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(_smtp!, timeout.Token);
        await using var stream = tcp.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        async Task ExpectAsync(char code)
        {
            string line;
            do
                line = await reader.ReadLineAsync(timeout.Token) ?? throw new IOException("The SMTP listener closed the connection.");
            while (line.Length > 3 && line[3] == '-');
            Assert.True(line[0] == code, $"the SMTP listener answered: {line}");
        }
        async Task SendAsync(string command, char code)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), timeout.Token);
            await ExpectAsync(code);
        }
        await ExpectAsync('2');
        await SendAsync("EHLO customer.example.com", '2');
        await SendAsync($"MAIL FROM:<{mailFrom}>", '2');
        await SendAsync($"RCPT TO:<{rcptTo}>", '2');
        await SendAsync("DATA", '3');
        var text = Encoding.UTF8.GetString(raw);
        text = (text.StartsWith('.') ? "." : "") + text.Replace("\r\n.", "\r\n..", StringComparison.Ordinal); // RFC 5321 §4.5.2
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text + (text.EndsWith("\r\n", StringComparison.Ordinal) ? "" : "\r\n") + ".\r\n"), timeout.Token);
        await ExpectAsync('2');
        await SendAsync("QUIT", '2');
    }

    /// <summary>The reply the sandbox captured for <paramref name="subject"/>: its envelope recipients and the message as it would have been sent.</summary>
    public static async Task<(IReadOnlyList<string> Recipients, LoadedMail Message)> CapturedAsync(HttpClient client, string subject)
    {
        var item = await client.GetFromJsonAsync<JsonElement>(
            $"/api/sandbox/messages/wait?to=customer@example.com&subject={Uri.EscapeDataString(subject)}&timeout=20");
        var raw = await client.GetByteArrayAsync($"/api/sandbox/messages/{item.GetProperty("id").GetGuid()}/raw");
        return (item.GetProperty("rcptTo").EnumerateArray().Select(r => r.GetString()!).ToList(), MailReader.Load(raw));
    }

    /// <summary>Delivers a customer's mail and waits until its conversation is listed; returns the conversation's id.</summary>
    public async Task<Guid> DeliverConversationAsync(HttpClient client, string subject, string text)
    {
        await DeliverAsync(await Mails.FromCustomerAsync(subject, text));
        return await EventuallyAsync<Guid?>(async () =>
        {
            var list = await client.GetFromJsonAsync<JsonElement>("/api/conversations?limit=200");
            return list.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("subject").GetString() == subject)
                .Select(i => (Guid?)i.GetProperty("id").GetGuid()).FirstOrDefault();
        }, $"the conversation {subject}") ?? throw new InvalidOperationException();
    }

    public static Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what) => Eventually.GetAsync(probe, what, TimeSpan.FromSeconds(20));

    /// <summary>The conversation (detail JSON) whose messages include one matching the predicate.</summary>
    public static Task<JsonElement> ConversationWithAsync(HttpClient client, Func<JsonElement, bool> message, string what) =>
        EventuallyAsync<JsonElement?>(async () =>
        {
            var list = await client.GetFromJsonAsync<JsonElement>("/api/conversations?limit=200");
            foreach (var item in list.GetProperty("items").EnumerateArray())
            {
                var detail = await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{item.GetProperty("id").GetGuid()}");
                if (detail.GetProperty("messages").EnumerateArray().Any(message))
                    return detail;
            }
            return null;
        }, what).ContinueWith(t => t.Result!.Value, TaskScheduler.Default);
}
