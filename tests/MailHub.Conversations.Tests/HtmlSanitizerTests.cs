using MailHub.Conversations.Html;

namespace MailHub.Conversations.Tests;

public sealed class HtmlSanitizerTests
{
    private static SanitizedHtml Clean(string html, bool images = false) =>
        HtmlSanitizer.Sanitize(html, cid => cid == "logo@x" ? "/api/messages/m/attachments/0" : null, images);

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
    public void Remote_images_are_blocked_with_a_flag_and_shown_when_asked()
    {
        var blocked = Clean("<img src=\"https://tracker.example/p.gif\">");
        Assert.True(blocked.RemoteImagesBlocked);
        Assert.DoesNotContain(" src=", blocked.Html, StringComparison.Ordinal);
        Assert.Contains("data-blocked-src=\"https://tracker.example/p.gif\"", blocked.Html, StringComparison.Ordinal);

        var shown = Clean("<img src=\"https://tracker.example/p.gif\">", images: true);
        Assert.False(shown.RemoteImagesBlocked);
        Assert.Contains("src=\"https://tracker.example/p.gif\"", shown.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Cid_images_point_at_the_attachment_download() =>
        Assert.Equal("<img src=\"/api/messages/m/attachments/0\">", Clean("<img src=\"cid:logo@x\">").Html);

    [Fact]
    public void Links_open_in_a_new_tab_without_referrer() =>
        Assert.Equal("<a href=\"https://shop.example/\" target=\"_blank\" rel=\"noopener noreferrer nofollow\">shop</a>",
            Clean("<a href=\"https://shop.example/\" onclick=\"x()\">shop</a>").Html);
}
