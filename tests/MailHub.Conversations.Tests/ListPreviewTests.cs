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

    [Theory]
    [InlineData("还是没有收到。\r\n\r\nOn Mon, 7 Dec 2026 at 10:00, Shop Support <support@shop.example> wrote:\r\n> 已收到您的订单。\r\n> 单号 SF1", "还是没有收到。")]
    [InlineData("谢谢！\n\n在 2026年12月7日 10:00，客服 写道：\n\n> 已发货", "谢谢！")]
    [InlineData("好的\n\n------------------ 原始邮件 ------------------\n发件人: 客服\n主题: 订单", "好的")]
    [InlineData("Thanks\n\n________________________________\nFrom: Support\nSent: Monday", "Thanks")]
    [InlineData("See below.\n> quoted line\nMy answer between the lines.", "See below.")]
    [InlineData("> all of it quoted", "> all of it quoted")]
    public async Task The_quote_below_what_the_sender_wrote_is_not_in_the_preview(string text, string expected)
    {
        var client = await host.CreateClientAsync();
        var id = await host.DeliverConversationAsync(client, "Quoted " + Guid.NewGuid().ToString("N")[..6], text);
        Assert.Equal(expected, await PreviewAsync(client, id));
    }

    private static async Task<string?> PreviewAsync(HttpClient client, Guid id)
    {
        var list = await client.GetFromJsonAsync<JsonElement>("/api/conversations?limit=200&view=all");
        return list.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == id).GetProperty("preview").GetString();
    }
}
