using MailHub.Mail.Outgoing;

namespace MailHub.Mail.Tests.Mime.Writing;

public sealed class AddrSpecTests
{
    [Theory]
    [InlineData("customer@example.com", "customer@example.com")]
    [InlineData("  customer@example.com ", "customer@example.com")]
    [InlineData("zhang@例子.中国", "zhang@例子.中国")]
    [InlineData("zhang@xn--fsqu00a.xn--fiqs8s", "zhang@例子.中国")]
    public void An_address_is_taken_as_typed(string typed, string address)
    {
        var mailbox = AddrSpec.Parse("张三", typed);

        Assert.Equal(("张三", address), (mailbox.Name, mailbox.Address));
    }

    [Fact]
    public void A_blank_name_is_no_name()
    {
        Assert.Null(AddrSpec.Parse("  ", "a@example.com").Name);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no-at-sign")]
    [InlineData("a@")]
    [InlineData("two words@example.com")]
    [InlineData("<a@example.com>")]
    [InlineData("Jane <jane@example.com>")]
    [InlineData("a@example.com, b@example.com")]
    [InlineData("a@example.com\r\nBcc: x@example.com")]
    public void Anything_but_one_address_is_refused_with_what_to_type(string? typed)
    {
        var error = Assert.Throws<ArgumentException>(() => AddrSpec.Parse(typed));

        Assert.Contains("local-part@domain", error.Message, StringComparison.Ordinal);
    }
}
