using MailHub.Mail.Mime.Writing;

namespace MailHub.Mail.Tests.Mime.Writing;

public sealed class ContentHeaderTests
{
    [Fact]
    public void Ascii_file_names_are_plain_quoted_parameters()
    {
        Assert.Equal(
            "Content-Disposition: attachment; filename=\"report 2025.pdf\"\r\n",
            ContentHeaders.ContentDisposition("attachment", "report 2025.pdf", utf8Headers: false));
        Assert.Equal(
            "Content-Type: application/pdf; name=\"report 2025.pdf\"\r\n",
            ContentHeaders.ContentType("application/pdf", [], "report 2025.pdf", utf8Headers: false));
    }

    [Fact]
    public void A_short_chinese_file_name_is_one_rfc2231_parameter_and_an_encoded_name_for_outlook()
    {
        Assert.Equal(
            "Content-Disposition: attachment;\r\n filename*=utf-8''%E8%AE%A2%E5%8D%95%E6%98%8E%E7%BB%86.pdf\r\n",
            ContentHeaders.ContentDisposition("attachment", "订单明细.pdf", utf8Headers: false));
        Assert.Equal(
            "Content-Type: application/pdf; name=\"=?utf-8?B?6K6i5Y2V5piO57uGLnBkZg==?=\"\r\n",
            ContentHeaders.ContentType("application/pdf", [], "订单明细.pdf", utf8Headers: false));
    }

    [Fact]
    public void A_long_chinese_file_name_uses_continuations_that_never_split_a_character()
    {
        var name = "二〇二五年第三季度华东区客户服务质量分析报告（最终版，含附录与原始数据）.xlsx";

        var disposition = ContentHeaders.ContentDisposition("attachment", name, utf8Headers: false);

        MessageText.AssertLineLimits(disposition);
        Assert.Contains(" filename*0*=utf-8''%E4%BA%8C", disposition, StringComparison.Ordinal);
        Assert.Contains(" filename*1*=%", disposition, StringComparison.Ordinal);
        Assert.Equal(name, WordDecoder.Rfc2231Value(disposition, "filename"));
        // Each continuation decodes alone: a piece that split a UTF-8 sequence would not.
        foreach (var piece in System.Text.RegularExpressions.Regex.Matches(disposition, @"filename\*\d+\*=(?:utf-8'')?([^;\s]+)"))
        {
            Assert.DoesNotContain('\uFFFD', Uri.UnescapeDataString(((System.Text.RegularExpressions.Match)piece).Groups[1].Value));
        }

        var type = ContentHeaders.ContentType("application/vnd.ms-excel", [], name, utf8Headers: false);
        MessageText.AssertLineLimits(type);
        Assert.Equal(name, WordDecoder.DecodeWords(WordDecoder.Unfold(type).Split("name=\"")[1].TrimEnd('\r', '\n', '"')));
    }

    [Fact]
    public void Parameters_that_are_not_tokens_are_quoted()
    {
        Assert.Equal(
            "Content-Type: multipart/related; type=\"multipart/alternative\";\r\n boundary=\"=_abc\"\r\n",
            ContentHeaders.ContentType("multipart/related", [("type", "multipart/alternative"), ("boundary", "=_abc")], null, utf8Headers: false));
        Assert.Equal(
            "Content-Type: text/plain; charset=utf-8\r\n",
            ContentHeaders.ContentType("text/plain", [("charset", "utf-8")], null, utf8Headers: false));
    }

    [Fact]
    public void A_long_media_type_stays_on_the_field_line_rather_than_leaving_it_empty()
    {
        Assert.Equal(
            "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;\r\n name=\"q3.xlsx\"\r\n",
            ContentHeaders.ContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [], "q3.xlsx", utf8Headers: false));
    }

    [Fact]
    public void Utf8_headers_keep_a_short_file_name_raw()
    {
        Assert.Equal(
            "Content-Disposition: attachment; filename=\"订单.pdf\"\r\n",
            ContentHeaders.ContentDisposition("attachment", "订单.pdf", utf8Headers: true));
    }
}
