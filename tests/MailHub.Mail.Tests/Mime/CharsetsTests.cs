using System.Text;
using MailHub.Mail.Mime;

namespace MailHub.Mail.Tests.Mime;

/// <summary>Charset labels as real mail uses them, read through a text body labelled with them.</summary>
public sealed class CharsetsTests
{
    static CharsetsTests() => MailEncodings.Register();

    private static string? Body(ReadOnlySpan<byte> content, string label)
    {
        using var mail = Mail.Parse(Mail.Concat(Encoding.ASCII.GetBytes($"Content-Type: text/plain; charset={label}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"), content.ToArray()));
        return mail.TextBody;
    }

    [Theory]
    [InlineData("gb2312")]
    [InlineData("GBK")]
    [InlineData("x-gbk")]
    [InlineData("cp936")]
    public void Gb2312_and_its_aliases_read_gbk_only_characters(string label)
    {
        // 堃 and 镕 are not in GB2312; real mail labelled gb2312 carries them anyway.
        Assert.Equal("堃镕科技", Body(MailEncodings.GB18030.GetBytes("堃镕科技"), label));
    }

    [Fact]
    public void Gb18030_four_byte_sequences_are_read()
    {
        var text = "𠀀 and €";
        Assert.Equal(text, Body(MailEncodings.GB18030.GetBytes(text), "gb18030"));
    }

    [Theory]
    [InlineData("ks_c_5601-1987")]
    [InlineData("euc-kr")]
    public void Korean_labels_read_as_cp949(string label)
    {
        var cp949 = Encoding.GetEncoding(949);
        // 똠 is outside EUC-KR's KS X 1001 set but in CP949.
        Assert.Equal("문의 똠", Body(cp949.GetBytes("문의 똠"), label));
    }

    [Theory]
    [InlineData("big5", "訂單")]
    [InlineData("iso-2022-jp", "お問い合わせ")]
    [InlineData("shift_jis", "お問い合わせ")]
    [InlineData("euc-kr", "문의")]
    [InlineData("koi8-r", "Заказ")]
    [InlineData("windows-1251", "Заказ")]
    [InlineData("windows-1252", "café €")]
    [InlineData("iso-8859-2", "Łódź")]
    public void Common_mail_charsets_round_trip(string label, string text)
    {
        Assert.Equal(text, Body(Encoding.GetEncoding(label).GetBytes(text), label));
    }

    [Fact]
    public void Big5_reads_the_eten_kana_and_cyrillic_rows()
    {
        Assert.Equal("Иван", Body([0xC7, 0xB6, 0xC7, 0xCA, 0xC7, 0xC8, 0xC7, 0xD6], "big5"));
    }

    [Fact]
    public void Big5_eten_rows_are_read_in_encoded_words_too()
    {
        // =?big5?B?...?= of the same four Cyrillic letters.
        using var mail = Mail.Parse("Subject: =?big5?B?" + Convert.ToBase64String([0xC7, 0xB6, 0xC7, 0xCA, 0xC7, 0xC8, 0xC7, 0xD6]) + "?=\r\n\r\nx\r\n");
        Assert.Equal("Иван", mail.Message.Subject);
    }

    [Fact]
    public void An_unknown_label_falls_back_to_utf8_then_gb18030_without_throwing()
    {
        Assert.Equal("你好", Body(Encoding.UTF8.GetBytes("你好"), "x-unknown-charset"));
        Assert.Equal("你好", Body(MailEncodings.GB18030.GetBytes("你好"), "x-unknown-charset"));
    }

    [Fact]
    public void A_us_ascii_label_on_8bit_text_is_read_by_the_raw_text_rule()
    {
        Assert.Equal("你好", Body(MailEncodings.GB18030.GetBytes("你好"), "us-ascii"));
    }
}
