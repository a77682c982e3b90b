using MailHub.Mail.Outgoing;
using MimeKit;

namespace MailHub.Mail.Tests.Mime.Writing;

/// <summary>A message with everything that is hard to write: Chinese names, subject and files, long lines, Bcc.</summary>
internal static class SampleMail
{
    public const string LongChineseSubject =
        "关于您在二〇二五年七月一日提交的订单（编号 88123）退款申请的处理结果通知：我们已经核实了您提供的全部材料，" +
        "退款将在三至五个工作日内原路退回到您的支付账户，如有疑问请直接回复本邮件，客服团队会在二十四小时内与您联系。谢谢！";

    public const string LongFileName = "二〇二五年第三季度华东区客户服务质量分析报告（最终版，含附录与原始数据）.xlsx";

    public const string ShortFileName = "发票 2025-07.pdf";

    public static readonly DateTimeOffset Date = new(2025, 7, 1, 9, 5, 0, TimeSpan.FromHours(8));

    // A line that starts with "From " or ".", trailing spaces, a line far over 998 octets, CJK, and a final line break.
    public static readonly string Text =
        "您好，张先生：\n\n您的退款已处理。Refund processed — 谢谢!\n.\nFrom here on, trailing spaces   \n"
        + string.Concat(Enumerable.Repeat("0123456789", 120)) + "\n";

    public const string Html = "<p>您好，<b>张先生</b></p>\n<p>Grüße aus München</p>";

    public static readonly byte[] Pdf = Enumerable.Range(0, 5000).Select(i => (byte)(i % 251)).ToArray();

    public static readonly byte[] Sheet = Enumerable.Range(0, 777).Select(i => (byte)(i * 13)).ToArray();

    public static MimeMessage Create()
    {
        var message = new MimeMessage
        {
            Subject = LongChineseSubject,
            MessageId = "c.42.reply@example.com",
            Date = Date,
            InReplyTo = "orig@example.org",
        };
        message.From.Add(AddrSpec.Parse("客服中心 (MailHub)", "support@example.com"));
        message.To.Add(AddrSpec.Parse("Doe, Jane \"JD\"", "jane@example.org"));
        message.To.Add(AddrSpec.Parse("张三", "zhang@例子.中国"));
        message.Cc.Add(AddrSpec.Parse("Müller, Jürgen", "j.mueller@example.de"));
        message.Cc.Add(AddrSpec.Parse("plain@example.net"));
        message.Bcc.Add(AddrSpec.Parse("Secret", "hidden@example.org"));
        message.Bcc.Add(AddrSpec.Parse("JANE@example.org"));
        message.ReplyTo.Add(AddrSpec.Parse("Support Team", "support+t88123@example.com"));
        message.References.AddRange(["root@example.org", "mid@example.org", "orig@example.org"]);
        message.Headers.Add("Thread-Topic", "订单 88123 的退款");

        var body = new BodyBuilder { TextBody = Text, HtmlBody = Html };
        body.Attachments.Add(ShortFileName, Pdf, new ContentType("application", "pdf"));
        body.Attachments.Add(LongFileName, Sheet);
        message.Body = body.ToMessageBody();
        return message;
    }
}
