using MailHub.Conversations.Html;

namespace MailHub.Conversations.Tests;

public sealed class HtmlSanitizerTests
{
    private static SanitizedHtml Clean(string html, bool images = false) =>
        HtmlSanitizer.Sanitize(html, cid => cid == "logo@x" ? "/api/messages/m/attachments/0" : null,
            images ? url => "/proxy?url=" + Uri.EscapeDataString(url) : null);

    [Theory]
    [InlineData("<p>hi</p><script>alert(1)</script>", "<p>hi</p>")]
    [InlineData("<img src=x onerror=alert(1)>", "<img>")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>", "<a>x</a>")]
    [InlineData("<a href=\"java\tscript:alert(1)\">x</a>", "<a>x</a>")]
    [InlineData("<form action=/x><input name=a></form><iframe src=//evil></iframe>ok", "ok")]
    [InlineData("<div style=\"color:red; width: expression(alert(1))\">x</div>", "<div style=\"color:red\">x</div>")]
    [InlineData("<blink>text</blink>", "text")]
    public void Dangerous_markup_goes_and_harmless_markup_stays(string html, string expected) =>
        Assert.Equal(expected, Clean(html).Html);

    [Fact]
    public void Remote_images_are_blocked_with_a_flag_and_shown_through_the_proxy_when_asked()
    {
        var blocked = Clean("<img src=\"https://tracker.example/p.gif\">");
        Assert.True(blocked.RemoteImagesBlocked);
        Assert.DoesNotContain(" src=", blocked.Html, StringComparison.Ordinal);
        Assert.Contains("data-blocked-src=\"https://tracker.example/p.gif\"", blocked.Html, StringComparison.Ordinal);

        var shown = Clean("<img src=\"https://tracker.example/p.gif\">", images: true);
        Assert.False(shown.RemoteImagesBlocked);
        Assert.Equal("<img src=\"/proxy?url=https%3A%2F%2Ftracker.example%2Fp.gif\">", shown.Html);
    }

    [Fact]
    public void The_remote_images_are_listed_as_the_mail_wrote_them_and_nothing_else_is()
    {
        var html = Clean("<img src=\" https://cdn.example/a.png?x=1&amp;y=2 \"><img src=\"cid:logo@x\"><img src=\"data:image/png;base64,AA==\">"
            + "<img src=\"#top\"><img src=\"javascript:alert(1)\"><img src=\"//cdn.example/b.png\"><img src=\"http://cdn.example/c.gif\">");

        Assert.Equal(["https://cdn.example/a.png?x=1&y=2", "http://cdn.example/c.gif"], html.RemoteImages);
    }

    [Fact]
    public void Cid_images_point_at_the_attachment_download() =>
        Assert.Equal("<img src=\"/api/messages/m/attachments/0\">", Clean("<img src=\"cid:logo@x\">").Html);

    [Fact]
    public void Links_open_in_a_new_tab_without_referrer() =>
        Assert.Equal("<a href=\"https://shop.example/\" target=\"_blank\" rel=\"noopener noreferrer nofollow\">shop</a>",
            Clean("<a href=\"https://shop.example/\" onclick=\"x()\">shop</a>").Html);
}
