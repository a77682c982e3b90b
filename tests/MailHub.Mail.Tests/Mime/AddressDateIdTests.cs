using MailHub.Mail.Mime;

namespace MailHub.Mail.Tests.Mime;

public sealed class AddressListTests
{
    private static IReadOnlyList<AddressReading> Parse(string text)
    {
        using var mail = Mail.Parse("To: " + text + "\r\n\r\n");
        return MessageReading.Of(mail).To;
    }

    [Fact]
    public void Quoted_display_names_may_hold_commas_and_quotes()
    {
        Assert.Equal(
            [new AddressReading("O'Brien, Pat", "pat@example.com"), new AddressReading("say \"hi\"", "hi@example.com")],
            Parse("\"O'Brien, Pat\" <pat@example.com>, \"say \\\"hi\\\"\" <hi@example.com>"));
    }

    [Fact]
    public void Encoded_display_names_are_decoded()
    {
        Assert.Equal([new AddressReading("张三", "zhangsan@163.com")], Parse("=?utf-8?B?5byg5LiJ?= <zhangsan@163.com>"));
    }

    [Fact]
    public void Comments_are_not_part_of_the_address_and_a_trailing_comment_names_the_mailbox()
    {
        // RFC 5322 §3.4 (obsolete "addr-spec (Name)"): MimeKit, like most mail clients, shows the comment as the name.
        Assert.Equal([new AddressReading("Pete", "pete@silly.example")], Parse("pete(his account)@silly.example (Pete)"));
        Assert.Equal([new AddressReading("Pete", "pete@silly.example")], Parse("Pete (A nice \\) chap) <pete(his account)@silly.example>"));
    }

    [Fact]
    public void Group_members_are_kept_and_an_empty_group_gives_none()
    {
        Assert.Equal([new AddressReading(null, "a@x.org"), new AddressReading("B", "b@x.org")], Parse("Team: a@x.org, B <b@x.org>;"));
        Assert.Empty(Parse("undisclosed-recipients:;"));
    }

    [Fact]
    public void Missing_domain_gives_the_local_part()
    {
        Assert.Equal([new AddressReading(null, "postmaster")], Parse("postmaster"));
    }

    [Fact]
    public void Internationalized_addresses_stay_unicode()
    {
        Assert.Equal([new AddressReading("用户", "用户@例子.中国")], Parse("用户 <用户@例子.中国>"));
    }

    [Fact]
    public void Local_part_keeps_the_quotes_it_needs()
    {
        Assert.Equal([new AddressReading(null, "\"john doe\"@x.org"), new AddressReading(null, "jane@x.org")], Parse("\"john doe\"@x.org, jane@x.org"));
    }
}

public sealed class MailDateTests
{
    [Theory]
    [InlineData("Fri, 01 Mar 2024 10:20:30 +0800", "2024-03-01T10:20:30+08:00")]
    [InlineData("1 Mar 2024 10:20:30 +0800", "2024-03-01T10:20:30+08:00")]
    [InlineData("Fri, 1 Mar 2024 10:20 +0800", "2024-03-01T10:20:00+08:00")]
    [InlineData("Fri, 1 Mar 99 10:20:30 GMT", "1999-03-01T10:20:30+00:00")]
    [InlineData("Fri, 1 Mar 24 10:20:30 UT", "2024-03-01T10:20:30+00:00")]
    [InlineData("Sun, 11 Aug 2024 01:02:03 EDT", "2024-08-11T01:02:03-04:00")]
    [InlineData("Sun, 11 Aug 2024 01:02:03 EST", "2024-08-11T01:02:03-05:00")]
    [InlineData("Sun, 11 Aug 2024 01:02:03 PST", "2024-08-11T01:02:03-08:00")]
    [InlineData("Sun, 11 Aug 2024 01:02:03 CST", "2024-08-11T01:02:03-06:00")]
    [InlineData("Tue, 27 Nov 2001 15:02:35 -0800 (PST)", "2001-11-27T15:02:35-08:00")]
    [InlineData("Thu, 1 Jan 2004 00:19:00 (EDT) -0400", "2004-01-01T00:19:00-04:00")]
    [InlineData("Mon, 22 Oct 2007 23:45:23 -0000", "2007-10-22T23:45:23+00:00")]
    [InlineData("Mon, 22 Oct 2007 23:45:23", "2007-10-22T23:45:23+00:00")]
    [InlineData("Mon,22 Oct 2007 23:45:23 XYZ", "2007-10-22T23:45:23+00:00")]
    public void Dates_in_current_and_obsolete_forms_are_read(string value, string expected)
    {
        Assert.Equal(expected, DateOf(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("31 Feb 2024 10:00:00 +0000")]
    public void Unreadable_dates_are_null(string value) => Assert.Null(DateOf(value));

    private static string? DateOf(string value)
    {
        using var mail = Mail.Parse("Date: " + value + "\r\n\r\n");
        return MessageReading.Of(mail).Date;
    }
}

public sealed class MessageIdTests
{
    [Fact]
    public void Ids_are_read_without_brackets_tolerating_junk_and_folding()
    {
        using var mail = Mail.Parse("Message-ID: <a@b> (comment)\r\nIn-Reply-To: Your message of <x@y>\r\nReferences: <1@x>\r\n\t<2@x> junk <3@x>\r\n\r\n");
        Assert.Equal("a@b", mail.Message.MessageId);
        Assert.Equal(["x@y"], ThreadIds.InReplyTo(mail.Message));
        Assert.Equal(["1@x", "2@x", "3@x"], ThreadIds.References(mail.Message));
    }

    [Fact]
    public void Ids_without_brackets_are_whitespace_separated_words()
    {
        using var mail = Mail.Parse("Message-ID: a@b\r\nReferences: 1@x 2@x\r\n\r\n");
        Assert.Equal("a@b", mail.Message.MessageId);
        Assert.Equal(["1@x", "2@x"], ThreadIds.References(mail.Message));
    }

    [Fact]
    public void Missing_fields_are_null_or_empty()
    {
        using var mail = Mail.Parse("Message-ID:\r\n\r\n");
        var reading = MessageReading.Of(mail);
        Assert.Null(reading.MessageId);
        Assert.Empty(reading.References);
        Assert.Null(reading.Date);
        Assert.Null(reading.Subject);
    }
}
