using MailHub.Mail.Mime;

namespace MailHub.Mail.Tests.Mime;

public sealed class ParameterTests
{
    private static string? AttachmentName(string headers)
    {
        using var message = Mail.Parse("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n" + headers + "\r\n\r\nx\r\n--b--\r\n");
        return Assert.Single(MessageReading.Of(message).Attachments).FileName;
    }

    [Fact]
    public void Rfc2231_continuations_with_a_charset_are_joined_as_bytes()
    {
        Assert.Equal("发票2024年度.pdf", AttachmentName(
            "Content-Type: application/pdf\r\nContent-Disposition: attachment;\r\n filename*0*=utf-8''%E5%8F%91%E7%A5%A8;\r\n filename*1*=2024%E5%B9%B4%E5%BA;\r\n filename*2*=%A6.pdf"));
    }

    [Fact]
    public void Rfc2231_sections_may_mix_encoded_and_plain_parts()
    {
        Assert.Equal("报价单 final.xlsx", AttachmentName(
            "Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename*0*=gb2312''%B1%A8%BC%DB%B5%A5; filename*1=\" final.xlsx\""));
    }

    [Fact]
    public void Extended_filename_wins_over_plain_filename()
    {
        Assert.Equal("合同.docx", AttachmentName(
            "Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"contract.docx\"; filename*=UTF-8''%E5%90%88%E5%90%8C.docx"));
    }

    [Fact]
    public void Encoded_word_inside_a_quoted_name_is_decoded()
    {
        Assert.Equal("订单.pdf", AttachmentName("Content-Type: application/pdf; name=\"=?UTF-8?B?6K6i5Y2VLnBkZg==?=\""));
    }

    [Fact]
    public void Disposition_filename_wins_over_content_type_name()
    {
        Assert.Equal("b.txt", AttachmentName("Content-Type: application/octet-stream; name=a.txt\r\nContent-Disposition: attachment; filename=b.txt"));
    }
}
