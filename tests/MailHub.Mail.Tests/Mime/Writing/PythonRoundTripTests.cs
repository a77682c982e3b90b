using System.Text.Json;
using MailHub.Mail.Mime.Writing;

namespace MailHub.Mail.Tests.Mime.Writing;

/// <summary>Python's email package, an independent parser, reads back what the writer wrote.</summary>
public sealed class PythonRoundTripTests
{
    private const string LongChineseSubject =
        "关于您在二〇二五年七月一日提交的订单（编号 88123）退款申请的处理结果通知：我们已经核实了您提供的全部材料，" +
        "退款将在三至五个工作日内原路退回到您的支付账户，如有疑问请直接回复本邮件，客服团队会在二十四小时内与您联系。谢谢！";

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0xFF, 0x00, 0x10, 0x80];

    private static MessageBuilder Message() => new()
    {
        From = new MailboxAddress("客服中心 (MailHub)", "support@example.com"),
        To = { new MailboxAddress("Doe, Jane \"JD\"", "jane@example.org"), new MailboxAddress("张三", "zhang@例子.中国") },
        Cc = { new MailboxAddress("Müller, Jürgen", "j.mueller@example.de"), new MailboxAddress("plain@example.net") },
        Bcc = { new MailboxAddress("hidden@example.org") },
        ReplyTo = { new MailboxAddress("Support Team", "reply+t88123@example.com") },
        Subject = LongChineseSubject,
    };

    private static void AssertCommonHeaders(JsonElement read, MessageBuilder message)
    {
        Assert.Empty(PythonEmail.UnexpectedDefects(read));
        Assert.Equal(LongChineseSubject, read.GetProperty("subject").GetString());
        Assert.Equal([["客服中心 (MailHub)", "support@example.com"]], Addresses(read, "from"));
        Assert.Equal([["Doe, Jane \"JD\"", "jane@example.org"], ["张三", "zhang@xn--fsqu00a.xn--fiqs8s"]], Addresses(read, "to"));
        Assert.Equal([["Müller, Jürgen", "j.mueller@example.de"], ["", "plain@example.net"]], Addresses(read, "cc"));
        Assert.Equal([["Support Team", "reply+t88123@example.com"]], Addresses(read, "reply_to"));
        Assert.Equal(JsonValueKind.Null, read.GetProperty("bcc").ValueKind);
        Assert.Equal(message.MessageId, read.GetProperty("message_id").GetString());
        Assert.Equal(TestOptions.Now, DateTimeOffset.Parse(read.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static List<string[]> Addresses(JsonElement read, string name) =>
        read.GetProperty(name).EnumerateArray().Select(a => a.EnumerateArray().Select(s => s.GetString()!).ToArray()).ToList();

    private static string Body(JsonElement read, string name) => read.GetProperty(name).GetString()!.ReplaceLineEndings("\n").TrimEnd('\n');

    [Fact]
    public async Task Text_only_reads_back_with_every_header()
    {
        var message = Message();
        message.Text = "您好，\n\n您的退款已处理。\nRefund processed — 谢谢!\n";

        var raw = await message.ToBytesAsync(TestOptions.Fixed());
        var read = await PythonEmail.ReadAsync(raw);

        MessageText.AssertLineLimits(System.Text.Encoding.ASCII.GetString(raw));
        AssertCommonHeaders(read, message);
        Assert.Equal("text/plain", read.GetProperty("shape").GetString());
        Assert.Equal("您好，\n\n您的退款已处理。\nRefund processed — 谢谢!", Body(read, "text"));
    }

    [Fact]
    public async Task Text_and_html_read_back_as_alternatives()
    {
        var message = Message();
        message.Text = "Grüße aus München — your order has shipped, 2 + 2 = 4. " + string.Concat(Enumerable.Repeat("Thank you for shopping with us. ", 5));
        message.Html = "<p>Grüße aus <b>München</b></p>\n<p>您的订单已发货</p>";

        var read = await PythonEmail.ReadAsync(await message.ToBytesAsync(TestOptions.Fixed()));

        AssertCommonHeaders(read, message);
        Assert.Equal("multipart/alternative(text/plain,text/html)", read.GetProperty("shape").GetString());
        Assert.Equal(message.Text, Body(read, "text"));
        Assert.Equal(message.Html, Body(read, "html"));
        Assert.Equal("quoted-printable", read.GetProperty("parts")[0].GetProperty("cte").GetString());
    }

    [Fact]
    public async Task Inline_images_and_attachments_read_back_with_names_and_bytes()
    {
        var longName = "二〇二五年第三季度华东区客户服务质量分析报告（最终版，含附录与原始数据）.xlsx";
        var pdf = Enumerable.Range(0, 5000).Select(i => (byte)(i % 251)).ToArray();
        var sheet = Enumerable.Range(0, 777).Select(i => (byte)(i * 13)).ToArray();
        var message = Message();
        message.Text = "请查收附件。";
        message.Html = "<p>请查收附件。</p><img src=\"cid:logo@example.com\">";
        message.InlineImages.Add(new InlineImage("logo@example.com", MimeContent.FromBytes(Png), FileName: "标志.png"));
        message.Attachments.Add(new Attachment("发票 2025-07.pdf", MimeContent.FromStream(() => new MemoryStream(pdf))));
        message.Attachments.Add(new Attachment(longName, MimeContent.FromBytes(sheet)));

        var raw = await message.ToBytesAsync(TestOptions.Fixed());
        var read = await PythonEmail.ReadAsync(raw);

        MessageText.AssertLineLimits(System.Text.Encoding.ASCII.GetString(raw));
        AssertCommonHeaders(read, message);
        Assert.Equal(
            "multipart/mixed(multipart/related(multipart/alternative(text/plain,text/html),image/png),application/pdf," +
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)",
            read.GetProperty("shape").GetString());
        Assert.Equal("请查收附件。", Body(read, "text"));
        Assert.Equal(message.Html, Body(read, "html"));

        var parts = read.GetProperty("parts");
        var image = parts[2];
        Assert.Equal("<logo@example.com>", image.GetProperty("cid").GetString());
        Assert.Equal("inline", image.GetProperty("disposition").GetString());
        Assert.Equal("标志.png", image.GetProperty("filename").GetString());
        Assert.Equal(Png, Convert.FromBase64String(image.GetProperty("data").GetString()!));

        Assert.Equal("发票 2025-07.pdf", parts[3].GetProperty("filename").GetString());
        Assert.Equal("发票 2025-07.pdf", parts[3].GetProperty("name").GetString());
        Assert.Equal(pdf, Convert.FromBase64String(parts[3].GetProperty("data").GetString()!));
        Assert.Equal(longName, parts[4].GetProperty("filename").GetString());
        Assert.Equal(longName, parts[4].GetProperty("name").GetString());
        Assert.Equal(sheet, Convert.FromBase64String(parts[4].GetProperty("data").GetString()!));
    }

    [Fact]
    public async Task A_reply_reads_back_with_its_thread_headers()
    {
        var message = Message();
        message.Subject = ReplySubject.For("回复：Re: 订单 88123");
        message.Text = "Thanks.";
        ReplyHeaders.For("<orig@example.org>", "<root@example.org> <mid@example.org>").ApplyTo(message);

        var read = await PythonEmail.ReadAsync(await message.ToBytesAsync(TestOptions.Fixed()));

        Assert.Empty(PythonEmail.UnexpectedDefects(read));
        Assert.Equal("Re: 订单 88123", read.GetProperty("subject").GetString());
        Assert.Equal("<orig@example.org>", read.GetProperty("in_reply_to").GetString());
        Assert.Equal("<root@example.org> <mid@example.org> <orig@example.org>", read.GetProperty("references").GetString());
    }

    [Fact]
    public async Task Eight_bit_and_utf8_header_renderings_read_back_the_same()
    {
        var message = Message();
        message.Text = "您好，您的订单已经发货。";
        message.Attachments.Add(new Attachment("订单.txt", MimeContent.FromBytes("x"u8.ToArray())));

        var eightBit = await PythonEmail.ReadAsync(await message.ToBytesAsync(TestOptions.Fixed(eightBitMime: true)));
        var utf8 = await PythonEmail.ReadAsync(await message.ToBytesAsync(TestOptions.Fixed(eightBitMime: true, utf8Headers: true)));

        foreach (var read in new[] { eightBit, utf8 })
        {
            Assert.Empty(PythonEmail.UnexpectedDefects(read));
            Assert.Equal(LongChineseSubject, read.GetProperty("subject").GetString());
            Assert.Equal("您好，您的订单已经发货。", Body(read, "text"));
            Assert.Equal("8bit", read.GetProperty("parts")[0].GetProperty("cte").GetString());
            Assert.Equal("订单.txt", read.GetProperty("parts")[1].GetProperty("filename").GetString());
        }

        Assert.Equal([["张三", "zhang@例子.中国"]], Addresses(utf8, "to").Skip(1).ToList());
    }
}
