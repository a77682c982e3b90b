using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MailHub.Testing;

namespace MailHub.Campaigns.Tests;

/// <summary>The real host on its own database: campaigns sent through a QA sandbox mailbox are captured by the outbox.</summary>
public class CampaignsHost : MailHubFactory
{
    public CampaignsHost()
    {
        Settings["MailHub:PublicUrl"] = "https://mail.example.test";
        Settings["MailHub:Campaigns:ScanInterval"] = "00:00:01";
    }
}

/// <summary>What the campaign tests do through the API, as a QA script does.</summary>
internal static class CampaignApi
{
    public static async Task<JsonElement> UploadAsync(HttpClient client, string name, string fileName, byte[] file, bool apply = true,
        string? language = null)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(name), "name");
        form.Add(new StringContent(apply ? "true" : "false"), "apply");
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".csv", StringComparison.Ordinal) ? "text/csv"
            : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(content, "file", fileName);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/campaigns/audiences") { Content = form };
        if (language is not null)
            request.Headers.AcceptLanguage.ParseAdd(language);
        var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    public static byte[] Csv(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n");

    public static async Task<Guid> AudienceAsync(HttpClient client, string name, params string[] lines) =>
        (await UploadAsync(client, name, "list.csv", Csv(lines))).GetProperty("id").GetGuid();

    public static async Task<JsonElement> PostAsync(HttpClient client, string path, object? body = null)
    {
        var response = await client.PostAsJsonAsync(path, body ?? new { });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement;
    }

    public static async Task<Guid> SandboxMailboxAsync(HttpClient client, string name)
    {
        var mailbox = await PostAsync(client, "/api/channels/mailboxes", new { name, inbound = new { protocol = "sandbox" } });
        return mailbox.GetProperty("id").GetGuid();
    }
}

/// <summary>What the sandbox captured, read from its table: the receiving side's count of each Message-ID.</summary>
internal static class Captured
{
    public static async Task<List<(string MessageId, string To, string Raw)>> OfMailboxAsync(string connectionString, Guid mailboxId)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT message_id, rcpt_to[1], content FROM channels.sandbox_messages WHERE mailbox_id = $1 ORDER BY captured_at", connection);
        command.Parameters.Add(new() { Value = mailboxId });
        var list = new List<(string, string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            list.Add((reader.GetString(0), reader.GetString(1), Encoding.UTF8.GetString(reader.GetFieldValue<byte[]>(2))));
        return list;
    }
}

internal static class CampaignWaits
{
    public static async Task<JsonElement> StatusAsync(HttpClient client, Guid campaign, string status, TimeSpan? timeout = null) =>
        await Eventually.GetAsync<JsonElement?>(async () =>
        {
            var c = await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaign}");
            return c.GetProperty("status").GetString() == status ? c : null;
        }, $"campaign {campaign} to be {status}", timeout ?? TimeSpan.FromSeconds(60)) ?? default;
}
