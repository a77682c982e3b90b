using System.Net.Http.Json;
using System.Text.Json;

namespace MailHub.Channels.Tests.Mailboxes;

/// <summary>Calls of /api/channels/mailboxes the tests share.</summary>
public static class MailboxApi
{
    public static async Task<JsonElement> CreateAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/channels/mailboxes", body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {json}");
        return json;
    }

    public static async Task<JsonElement> GetAsync(HttpClient client, string id) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/channels/mailboxes/{id}");

    /// <summary>Polls the mailbox until its status is <paramref name="status"/>; fails with the last status seen.</summary>
    public static async Task<JsonElement> WaitForStatusAsync(HttpClient client, string id, string status, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonElement mailbox;
        do
        {
            mailbox = await GetAsync(client, id);
            if (mailbox.GetProperty("status").GetString() == status)
                return mailbox;
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"The mailbox did not become {status} within {timeout}: {mailbox}");
        return mailbox;
    }

    /// <summary>Polls /api/inbound/messages of a mailbox until <paramref name="count"/> messages match the subject.</summary>
    public static async Task<JsonElement> WaitForInboundAsync(HttpClient client, string mailboxId, string subject, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonElement list;
        do
        {
            list = await client.GetFromJsonAsync<JsonElement>(
                $"/api/inbound/messages?mailbox={mailboxId}&subject={Uri.EscapeDataString(subject)}&limit=500");
            if (list.GetProperty("total").GetInt64() >= count)
                return list;
            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"{count} messages with subject '{subject}' did not arrive within {timeout}: {list}");
        return list;
    }
}
