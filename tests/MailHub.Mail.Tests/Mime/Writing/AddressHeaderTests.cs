using MailHub.Mail.Mime.Writing;

namespace MailHub.Mail.Tests.Mime.Writing;

public sealed class AddressHeaderTests
{
    private static string To(bool utf8Headers, params MailboxAddress[] mailboxes) =>
        HeaderFolder.Fold("To", AddressFormatter.Tokens(mailboxes, utf8Headers));

    private static string To(params MailboxAddress[] mailboxes) => To(false, mailboxes);

    [Fact]
    public void A_bare_address_and_a_plain_name_are_written_without_quotes()
    {
        Assert.Equal("To: a@example.com\r\n", To(new MailboxAddress("a@example.com")));
        Assert.Equal("To: Jane Doe <jane@example.com>\r\n", To(new MailboxAddress("Jane Doe", "jane@example.com")));
    }

    [Fact]
    public void Names_with_commas_quotes_or_dots_are_quoted_and_escaped()
    {
        Assert.Equal("To: \"Doe, Jane\" <jane@example.com>\r\n", To(new MailboxAddress("Doe, Jane", "jane@example.com")));
        Assert.Equal("To: \"Jane \\\"JD\\\" Doe\" <jane@example.com>\r\n", To(new MailboxAddress("Jane \"JD\" Doe", "jane@example.com")));
        Assert.Equal("To: \"J. Doe\" <jane@example.com>\r\n", To(new MailboxAddress("J. Doe", "jane@example.com")));
    }

    [Fact]
    public void Non_ascii_names_become_encoded_words_that_keep_commas_inside()
    {
        var field = To(new MailboxAddress("张三", "zhang@example.cn"), new MailboxAddress("Müller, Jan", "jan@example.de"));

        // The fold falls between mailboxes, not between a name and its address.
        Assert.Equal("To: =?utf-8?B?5byg5LiJ?= <zhang@example.cn>,\r\n =?utf-8?B?TcO8bGxlciwgSmFu?= <jan@example.de>\r\n", field);
        Assert.Equal("张三 <zhang@example.cn>, Müller, Jan <jan@example.de>", WordDecoder.HeaderValue(field));
    }

    [Fact]
    public void A_long_list_folds_between_mailboxes_within_78_characters()
    {
        var mailboxes = Enumerable.Range(1, 30).Select(i => new MailboxAddress($"客户 {i} 号", $"customer{i}@example.com")).ToArray();

        var field = To(mailboxes);

        Assert.All(MessageText.Lines(field), line => Assert.True(line.Length <= 78, $"line over 78: {line}"));
        Assert.Equal(30, field.Split(',').Length);
        Assert.Contains("客户 17 号 <customer17@example.com>", WordDecoder.HeaderValue(field), StringComparison.Ordinal);
    }

    [Fact]
    public void International_domains_are_written_as_a_labels_for_7bit_transports()
    {
        Assert.Equal("To: info@xn--fiqs8s.cn\r\n", To(new MailboxAddress("info@中国.cn")));
    }

    [Fact]
    public void A_non_ascii_local_part_needs_utf8_headers()
    {
        var error = Assert.Throws<InvalidOperationException>(() => To(new MailboxAddress("用户@example.cn")));
        Assert.Contains("SMTPUTF8", error.Message, StringComparison.Ordinal);

        Assert.Equal("To: 张三 <用户@例子.中国>\r\n", To(true, new MailboxAddress("张三", "用户@例子.中国")));
    }

    [Theory]
    [InlineData("no-at-sign")]
    [InlineData("two words@example.com")]
    [InlineData("<a@example.com>")]
    [InlineData("a@example.com\r\nBcc: x@example.com")]
    public void Malformed_addresses_are_refused_up_front(string address)
    {
        Assert.Throws<ArgumentException>(() => new MailboxAddress(address));
    }
}
