using System.Text;
using MailHub.Mail.Mime;
using MimeKit;

namespace MailHub.Mail.Tests.Mime;

public sealed class HeaderDecodingTests
{
    private static readonly Encoding Gb18030 = MailEncodings.GB18030;

    private static string? Subject(string value)
    {
        using var mail = Mail.Parse("Subject: " + value + "\r\n\r\n");
        return mail.Message.Subject;
    }

    [Fact]
    public void A_multibyte_character_split_across_two_encoded_words_is_joined_before_decoding()
    {
        // "堃镕" in UTF-8 is E5 A0 83 E9 95 95; the first word ends in the middle of the second character.
        var subject = Subject("=?UTF-8?B?5aCD6Q==?= =?utf-8?B?lZU=?=");
        Assert.Equal("堃镕", subject);
    }

    [Fact]
    public void Adjacent_words_in_different_charsets_are_decoded_separately()
    {
        Assert.Equal("张三Иван", Subject("=?utf-8?B?5byg5LiJ?= =?koi8-r?B?6dfBzg==?="));
    }

    [Fact]
    public void Plain_words_and_encoded_words_keep_the_spaces_between_them()
    {
        Assert.Equal("Re: 订单 12345 已发货", Subject("Re: =?gb2312?B?tqm1pQ==?= 12345 =?UTF-8?Q?=E5=B7=B2=E5=8F=91=E8=B4=A7?="));
    }

    [Fact]
    public void Q_encoding_accepts_lowercase_hex_and_underscores_as_spaces()
    {
        Assert.Equal("a b=é", Subject("=?iso-8859-1?q?a_b=3d=e9?="));
    }

    [Fact]
    public void Encoded_word_with_language_suffix_and_unknown_charset_never_throws()
    {
        Assert.Equal("pr", Subject("=?US-ASCII*EN?Q?pr?="));
        Assert.Equal("hello", Subject("=?x-no-such-charset?Q?hello?="));
    }

    [Fact]
    public void Subject_is_unfolded_keeping_the_whitespace_after_the_line_break()
    {
        using var message = Mail.Parse("Subject: one\r\n two\r\n\tthree\r\n\r\nbody\r\n");
        Assert.Equal("one two\tthree", message.Message.Subject);
    }

    [Fact]
    public void Header_names_are_matched_in_any_case_and_the_first_of_a_single_valued_field_wins()
    {
        using var message = Mail.Parse("SUBJECT: first\r\nsubject: second\r\nmessage-id: <a@b>\r\n\r\n");
        Assert.Equal("first", message.Message.Subject);
        Assert.Equal("a@b", message.Message.MessageId);
        Assert.Equal(2, message.Message.Headers.Count(h => h.Id == HeaderId.Subject));
    }

    [Fact]
    public void Raw_utf8_header_text_is_read_as_utf8()
    {
        using var message = Mail.Parse(Mail.Concat("Subject: "u8.ToArray(), Encoding.UTF8.GetBytes("订单查询"), "\r\n\r\nx\r\n"u8.ToArray()));
        Assert.Equal("订单查询", message.Message.Subject);
    }

    [Fact]
    public void Raw_8bit_header_text_that_is_not_utf8_is_read_with_the_first_text_part_charset()
    {
        MailEncodings.Register();
        var big5 = Encoding.GetEncoding("big5");
        var raw = Mail.Concat("Subject: "u8.ToArray(), big5.GetBytes("訂單查詢"), "\r\nContent-Type: text/plain; charset=big5\r\n\r\nx\r\n"u8.ToArray());
        using var message = Mail.Parse(raw);
        Assert.Equal("訂單查詢", message.Message.Subject);
    }

    [Fact]
    public void A_gbk_character_whose_second_byte_is_ascii_survives_in_a_raw_subject_and_display_name()
    {
        // 镕 is E9 46 in GBK: MimeKit alone splits the value at the 'F' and loses the character.
        var raw = Mail.Concat("Subject: "u8.ToArray(), Gb18030.GetBytes("朱镕基来信"), "\r\nFrom: "u8.ToArray(), Gb18030.GetBytes("朱镕基"),
            " <zhu@example.cn>\r\nContent-Type: text/plain; charset=gb2312\r\n\r\nx\r\n"u8.ToArray());
        using var message = Mail.Parse(raw);
        Assert.Equal("朱镕基来信", message.Message.Subject);
        Assert.Equal("朱镕基", message.Message.From.Mailboxes.Single().Name);
    }

    [Fact]
    public void Raw_8bit_header_text_falls_back_to_gb18030_when_no_part_names_a_charset()
    {
        var raw = Mail.Concat("Subject: "u8.ToArray(), Gb18030.GetBytes("退款申请"), "\r\n\r\nx\r\n"u8.ToArray());
        using var message = Mail.Parse(raw);
        Assert.Equal("退款申请", message.Message.Subject);
    }
}
