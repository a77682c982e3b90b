using System.Net.Http.Json;
using System.Text.Json;

namespace MailHub.Conversations.Tests;

/// <summary>The list's preview: the start of the latest mail, never an internal note.</summary>
public sealed class ListPreviewTests(ConversationsHost host) : IClassFixture<ConversationsHost>
{
    [Fact]
    public async Task The_preview_is_the_latest_mails_text_collapsed_and_cut_and_a_note_never_shows_there()
    {
        var client = await host.CreateClientAsync();
        var subject = "Preview " + Guid.NewGuid().ToString("N")[..6];
        var id = await host.DeliverConversationAsync(client, subject, "包裹还没到，\r\n\r\n   请帮忙查一下。");
        Assert.Equal("包裹还没到， 请帮忙查一下。", await PreviewAsync(client, id));

        (await client.PostAsJsonAsync($"/api/conversations/{id}/notes", new { text = "内部：客户是 VIP" })).EnsureSuccessStatusCode();
        Assert.Equal("包裹还没到， 请帮忙查一下。", await PreviewAsync(client, id));

        var reply = "已为您补发，单号 SF" + new string('9', 300);
        (await client.PostAsJsonAsync($"/api/conversations/{id}/replies", new { text = reply })).EnsureSuccessStatusCode();
        var preview = await PreviewAsync(client, id);
        Assert.Equal(reply[..200], preview);
        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}");
        Assert.Equal(preview, detail.GetProperty("preview").GetString()); // the detail carries the list's fields too
    }

    private static async Task<string?> PreviewAsync(HttpClient client, Guid id)
    {
        var list = await client.GetFromJsonAsync<JsonElement>("/api/conversations?limit=200&view=all");
        return list.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == id).GetProperty("preview").GetString();
    }
}
