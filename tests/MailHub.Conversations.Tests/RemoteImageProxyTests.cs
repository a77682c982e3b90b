using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MailHub.Testing;

namespace MailHub.Conversations.Tests;

/// <summary>The host, allowed to fetch images from loopback (where the tests' image server is), with a 100 KB image limit.</summary>
public sealed class LoopbackImagesHost : ConversationsHost
{
    public LoopbackImagesHost()
    {
        Settings["MailHub:Conversations:RemoteImages:AllowPrivateAddresses"] = "true";
        Settings["MailHub:Conversations:RemoteImages:MaxBytes"] = "100000";
    }
}

/// <summary>"Show images": a customer's remote images reach the console only through MailHub's proxy, and only as images.</summary>
public sealed class RemoteImageProxyTests(LoopbackImagesHost host) : IClassFixture<LoopbackImagesHost>, IAsyncLifetime
{
    private ImageServer _images = null!;

    public async Task InitializeAsync() => _images = await ImageServer.StartAsync();

    public async Task DisposeAsync() => await _images.DisposeAsync();

    [Fact]
    public async Task A_remote_image_loads_only_when_asked_and_then_through_MailHub_without_the_agents_credentials()
    {
        _images.Serve("/logo.png?size=2&lang=zh", "image/png", ImageServer.Png);
        var client = await host.CreateClientAsync();
        var image = _images.Url("/logo.png?size=2&lang=zh");
        var message = await DeliverHtmlAsync(client, $"<p>您好</p><img alt=\"logo\" src=\"{image.Replace("&", "&amp;", StringComparison.Ordinal)}\">");

        Assert.True(message.Blocked.GetProperty("remoteImagesBlocked").GetBoolean());
        Assert.DoesNotContain(" src=", message.Blocked.GetProperty("html").GetString(), StringComparison.Ordinal);
        Assert.Empty(_images.Requests); // opening the mail told the sender nothing

        var proxied = $"/api/messages/{message.Id}/remote-image?url={Uri.EscapeDataString(image)}";
        Assert.Contains($"src=\"{proxied.Replace("&", "&amp;", StringComparison.Ordinal)}\"", message.Shown.GetProperty("html").GetString(), StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Get, proxied) { Headers = { { "Cookie", "MailHub.Session=agent-secret" } } };
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ImageServer.Png, await response.Content.ReadAsByteArrayAsync());
        var fetched = Assert.Single(_images.Requests);
        Assert.Equal("/logo.png?size=2&lang=zh", fetched.PathAndQuery);
        Assert.DoesNotContain("cookie", fetched.Headers.Keys);
        Assert.DoesNotContain("authorization", fetched.Headers.Keys);
        Assert.DoesNotContain("referer", fetched.Headers.Keys);
    }

    [Fact]
    public async Task A_url_the_mail_does_not_show_is_not_fetched()
    {
        _images.Serve("/shown.png", "image/png", ImageServer.Png);
        _images.Serve("/internal.png", "image/png", ImageServer.Png);
        var client = await host.CreateClientAsync();
        var message = await DeliverHtmlAsync(client, $"<img src=\"{_images.Url("/shown.png")}\">");

        var response = await client.GetAsync($"/api/messages/{message.Id}/remote-image?url={Uri.EscapeDataString(_images.Url("/internal.png"))}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("shows no image at this URL", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_images.Requests);
    }

    [Theory]
    [InlineData("/page.html", "text/html", 10, "not an image")]
    [InlineData("/vector.svg", "image/svg+xml", 10, "not an image")]
    [InlineData("/huge.png", "image/png", 200_000, "larger than 97 KB")]
    public async Task What_is_not_a_small_raster_image_is_refused_with_the_reason(string path, string type, int size, string reason)
    {
        _images.Serve(path, type, new byte[size]);
        var client = await host.CreateClientAsync();
        var message = await DeliverHtmlAsync(client, $"<img src=\"{_images.Url(path)}\">");

        var response = await client.GetAsync($"/api/messages/{message.Id}/remote-image?url={Uri.EscapeDataString(_images.Url(path))}");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains(reason, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redirects_are_followed_three_times_and_no_further()
    {
        _images.Serve("/final.gif", "image/gif", ImageServer.Png);
        _images.Redirect("/r1", "/r2");
        _images.Redirect("/r2", "/r3");
        _images.Redirect("/r3", "/final.gif");
        _images.Redirect("/r0", "/r1");
        var client = await host.CreateClientAsync();
        var message = await DeliverHtmlAsync(client, $"<img src=\"{_images.Url("/r1")}\"><img src=\"{_images.Url("/r0")}\">");

        var three = await client.GetAsync($"/api/messages/{message.Id}/remote-image?url={Uri.EscapeDataString(_images.Url("/r1"))}");
        var four = await client.GetAsync($"/api/messages/{message.Id}/remote-image?url={Uri.EscapeDataString(_images.Url("/r0"))}");

        Assert.Equal(HttpStatusCode.OK, three.StatusCode);
        Assert.Equal("image/gif", three.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadGateway, four.StatusCode);
        Assert.Contains("redirected more than 3 times", await four.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Delivers a customer's HTML mail; its message as the conversation shows it with images blocked and with them shown.</summary>
    private async Task<(Guid Id, JsonElement Blocked, JsonElement Shown)> DeliverHtmlAsync(HttpClient client, string html)
    {
        var subject = "Newsletter " + Guid.NewGuid().ToString("N")[..8];
        await host.DeliverAsync(await Mails.FromCustomerAsync(subject, "您好", html: html));
        var conversation = await ConversationsHost.EventuallyAsync<Guid?>(async () =>
        {
            var list = await client.GetFromJsonAsync<JsonElement>("/api/conversations?limit=200");
            return list.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("subject").GetString() == subject)
                .Select(i => (Guid?)i.GetProperty("id").GetGuid()).FirstOrDefault();
        }, subject);
        var blocked = (await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}")).GetProperty("messages")[0];
        var shown = (await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}?images=true")).GetProperty("messages")[0];
        return (blocked.GetProperty("id").GetGuid(), blocked, shown);
    }
}
