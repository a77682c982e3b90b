using System.Text;
using MailHub.Mail.Mime;

namespace MailHub.Mail.Tests.Mime;

public sealed class CharsetsTests
{
    [Theory]
    [InlineData("gb2312")]
    [InlineData("GBK")]
    [InlineData("x-gbk")]
    [InlineData("cp936")]
    public void Gb2312_and_its_aliases_read_gbk_only_characters(string label)
    {
        // 堃 and 镕 are not in GB2312; real mail labelled gb2312 carries them anyway.
        var bytes = Charsets.GB18030.GetBytes("堃镕科技");
        Assert.Equal("堃镕科技", Charsets.Decode(bytes, label));
    }

    [Fact]
    public void Gb18030_four_byte_sequences_are_read()
    {
        var text = "𠀀 and €";
        Assert.Equal(text, Charsets.Decode(Charsets.GB18030.GetBytes(text), "gb18030"));
    }

    [Theory]
    [InlineData("ks_c_5601-1987")]
    [InlineData("euc-kr")]
    public void Korean_labels_read_as_cp949(string label)
    {
        var cp949 = Encoding.GetEncoding(949);
        // 똠 is outside EUC-KR's KS X 1001 set but in CP949.
        Assert.Equal("문의 똠", Charsets.Decode(cp949.GetBytes("문의 똠"), label));
    }

    [Theory]
    [InlineData("big5", "訂單")]
    [InlineData("iso-2022-jp", "お問い合わせ")]
    [InlineData("shift_jis", "お問い合わせ")]
    [InlineData("koi8-r", "Заказ")]
    [InlineData("windows-1251", "Заказ")]
    [InlineData("windows-1252", "café €")]
    [InlineData("iso-8859-2", "Łódź")]
    public void Common_mail_charsets_round_trip(string label, string text)
    {
        var encoding = Charsets.Find(label);
        Assert.NotNull(encoding);
        Assert.Equal(text, Charsets.Decode(encoding.GetBytes(text), label));
    }

    [Fact]
    public void Big5_reads_the_eten_kana_and_cyrillic_rows()
    {
        Assert.Equal("Иван", Charsets.Decode([0xC7, 0xB6, 0xC7, 0xCA, 0xC7, 0xC8, 0xC7, 0xD6], "big5"));
    }

    [Fact]
    public void Utf7_is_decoded()
    {
        Assert.Equal("Hi Mom -☺-!", Charsets.Decode("Hi Mom -+Jjo--!"u8, "utf-7"));
    }

    [Fact]
    public void An_unknown_label_falls_back_to_utf8_then_gb18030_without_throwing()
    {
        Assert.Null(Charsets.Find("x-unknown-charset"));
        Assert.Equal("你好", Charsets.Decode(Encoding.UTF8.GetBytes("你好"), "x-unknown-charset"));
        Assert.Equal("你好", Charsets.Decode(Charsets.GB18030.GetBytes("你好"), "x-unknown-charset"));
    }
}
