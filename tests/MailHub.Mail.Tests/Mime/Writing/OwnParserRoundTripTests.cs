using System.Security.Cryptography;
using System.Text;
using MailHub.Mail.Mime;
using MailHub.Mail.Mime.Writing;
using WriterAddress = MailHub.Mail.Mime.Writing.MailboxAddress;
using WriterContent = MailHub.Mail.Mime.Writing.MimeContent;

namespace MailHub.Mail.Tests.Mime.Writing;

/// <summary>What our writer writes, our parser reads back to the same fields.</summary>
public sealed class OwnParserRoundTripTests
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n" + new string('x', 5000) + "\n%%EOF");
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 1, 2, 3, 0xFF, 0xFE];

    private static MessageBuilder Everything()
    {
        var builder = new MessageBuilder
        {
            From = new WriterAddress("客服中心, 上海", "kefu@example.cn"),
            Subject = "回复：您的订单 12345 已发货 — \"special\" characters, and a long tail to force folding across lines 很长很长的主题",
            Text = "您好，张先生：\n\n您的订单已经发货。\n.\nA line that starts with a dot above, and trailing spaces   \n",
            Html = "<p>您好，<b>张先生</b></p><img src=\"cid:logo@example.cn\">",
            MessageId = "reply.1@example.cn",
            InReplyTo = "original@customer.example",
            Date = new DateTimeOffset(2026, 11, 21, 10, 20, 30, TimeSpan.FromHours(8)),
        };
        builder.To.Add(new WriterAddress("张三", "zhangsan@example.com"));
        builder.Cc.Add(new WriterAddress("O'Brien, Pat", "pat@example.org"));
        builder.ReplyTo.Add(new WriterAddress(null, "noreply@example.cn"));
        builder.References.Add("first@customer.example");
        builder.References.Add("original@customer.example");
        builder.Attachments.Add(new Attachment("发货单 2026-11 (最终版).pdf", WriterContent.FromBytes(Pdf)));
        builder.InlineImages.Add(new InlineImage("logo@example.cn", WriterContent.FromBytes(Png), "image/png", "logo.png"));
        return builder;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_field_reads_back_the_same(bool eightBit)
    {
        var builder = Everything();
        var bytes = await builder.ToBytesAsync(eightBit ? new MimeWriteOptions { EightBitMime = true } : MimeWriteOptions.Default);

        using var message = MimeMessage.Parse(bytes);

        Assert.Equal(builder.Subject, message.Subject);
        Assert.Equal("reply.1@example.cn", message.MessageId);
        Assert.Equal(["original@customer.example"], message.InReplyTo);
        Assert.Equal(["first@customer.example", "original@customer.example"], message.References);
        Assert.Equal(builder.Date, message.Date);
        Assert.Equal(("客服中心, 上海", "kefu@example.cn"), (message.From[0].Name, message.From[0].Address));
        Assert.Equal(("张三", "zhangsan@example.com"), (message.To[0].Name, message.To[0].Address));
        Assert.Equal(("O'Brien, Pat", "pat@example.org"), (message.Cc[0].Name, message.Cc[0].Address));
        Assert.Equal("noreply@example.cn", message.ReplyTo[0].Address);
        Assert.Equal(builder.Text, message.TextBody);
        Assert.Equal(builder.Html, message.HtmlBody);

        var pdf = Assert.Single(message.Attachments, a => a.ContentType == "application/pdf");
        Assert.Equal("发货单 2026-11 (最终版).pdf", pdf.FileName);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Pdf)), pdf.Sha256);
        var logo = Assert.Single(message.Attachments, a => a.ContentType == "image/png");
        Assert.Equal("logo@example.cn", logo.ContentId);
        Assert.Equal(Png.Length, logo.Size);
        Assert.Empty(message.Bcc);
    }

    [Fact]
    public async Task Every_line_stays_within_998_octets_and_7bit_output_is_ascii()
    {
        var bytes = await Everything().ToBytesAsync(MimeWriteOptions.Default);

        Assert.All(bytes, b => Assert.True(b < 0x80, "7-bit output holds only ASCII"));
        var lines = Encoding.ASCII.GetString(bytes).Split("\r\n");
        Assert.All(lines, line => Assert.True(line.Length <= 998, $"line of {line.Length} octets"));
        Assert.DoesNotContain('\n', Encoding.ASCII.GetString(bytes).Replace("\r\n", "", StringComparison.Ordinal));
    }
}
