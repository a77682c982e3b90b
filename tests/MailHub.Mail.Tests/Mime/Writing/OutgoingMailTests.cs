using System.Text;
using MailHub.Mail.Outgoing;
using MimeKit;

namespace MailHub.Mail.Tests.Mime.Writing;

/// <summary>What a mail client reading our output sees, read here by MimeKit's parser.</summary>
public sealed class OutgoingMailTests
{
    private static MimeMessage Read(byte[] raw) => MimeMessage.Load(new MemoryStream(raw));

    [Fact]
    public async Task Every_header_reads_back_and_bcc_is_not_written()
    {
        var raw = await OutgoingMail.ToBytesAsync(SampleMail.Create());

        var read = Read(raw);
        Assert.Equal(SampleMail.LongChineseSubject, read.Subject);
        Assert.Equal(("客服中心 (MailHub)", "support@example.com"), (read.From.Mailboxes.Single().Name, read.From.Mailboxes.Single().Address));
        Assert.Equal([("Doe, Jane \"JD\"", "jane@example.org"), ("张三", "zhang@例子.中国")], read.To.Mailboxes.Select(m => (m.Name, m.Address)));
        Assert.Equal([("Müller, Jürgen", "j.mueller@example.de"), ("", "plain@example.net")], read.Cc.Mailboxes.Select(m => (m.Name, m.Address)));
        Assert.Equal("support+t88123@example.com", read.ReplyTo.Mailboxes.Single().Address);
        Assert.Empty(read.Bcc);
        Assert.DoesNotContain("hidden", Encoding.ASCII.GetString(raw), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("c.42.reply@example.com", read.MessageId);
        Assert.Equal(SampleMail.Date, read.Date);
        Assert.Equal("orig@example.org", read.InReplyTo);
        Assert.Equal(["root@example.org", "mid@example.org", "orig@example.org"], read.References);
        Assert.Equal("订单 88123 的退款", read.Headers["Thread-Topic"]);
    }

    [Fact]
    public async Task Bodies_and_files_read_back_exactly()
    {
        var read = Read(await OutgoingMail.ToBytesAsync(SampleMail.Create()));

        Assert.Equal(SampleMail.Text, read.TextBody!.ReplaceLineEndings("\n"));
        Assert.Equal(SampleMail.Html, read.HtmlBody!.ReplaceLineEndings("\n"));
        var files = read.Attachments.OfType<MimePart>().ToList();
        Assert.Equal([SampleMail.ShortFileName, SampleMail.LongFileName], files.Select(f => f.FileName));
        Assert.Equal([SampleMail.ShortFileName, SampleMail.LongFileName], files.Select(f => f.ContentType.Name));
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", files[1].ContentType.MimeType);
        Assert.Equal(SampleMail.Pdf, Content(files[0]));
        Assert.Equal(SampleMail.Sheet, Content(files[1]));
    }

    [Fact]
    public async Task Output_is_7bit_with_crlf_line_ends_and_lines_any_server_accepts()
    {
        var raw = await OutgoingMail.ToBytesAsync(SampleMail.Create());

        // No 8BITMIME needed (RFC 6152): every octet is ASCII, and no part claims 8bit or binary.
        Assert.All(raw, b => Assert.True(b < 0x80, "7-bit output holds only ASCII"));
        var text = Encoding.ASCII.GetString(raw);
        Assert.DoesNotContain("Content-Transfer-Encoding: 8bit", text, StringComparison.OrdinalIgnoreCase);
        MessageText.AssertLineLimits(text);
    }

    [Fact]
    public async Task File_names_are_written_for_outlook_and_for_everyone_else()
    {
        var raw = Encoding.ASCII.GetString(await OutgoingMail.ToBytesAsync(SampleMail.Create()));

        // Outlook reads only an RFC 2047 name on Content-Type; the rest read RFC 2231 filename* (both decode the same, above).
        Assert.Contains("name=\"=?utf-8?", raw, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("filename*=utf-8''%E5%8F%91%E7%A5%A8%202025-07.pdf", raw.Replace("\r\n\t", " ", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("filename*0*=utf-8''", raw, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_envelope_has_to_cc_and_bcc_once_each_with_a_label_domains()
    {
        var message = SampleMail.Create();

        var recipients = OutgoingMail.EnvelopeRecipients(message);

        Assert.Equal(
            ["jane@example.org", "zhang@xn--fsqu00a.xn--fiqs8s", "j.mueller@example.de", "plain@example.net", "hidden@example.org"],
            recipients);
        await OutgoingMail.ToBytesAsync(message);
        Assert.Equal(recipients, OutgoingMail.EnvelopeRecipients(message));
    }

    [Fact]
    public async Task Writing_again_gives_the_same_bytes_so_a_retry_keeps_the_message_id()
    {
        var message = SampleMail.Create();
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("example.com");

        var first = await OutgoingMail.ToBytesAsync(message);
        var second = await OutgoingMail.ToBytesAsync(message);

        Assert.Equal(first, second);
        Assert.Equal(message.MessageId, Read(first).MessageId);
    }

    [Fact]
    public async Task Line_breaks_in_a_subject_cannot_add_a_header()
    {
        var message = SampleMail.Create();
        message.Subject = "Hello\r\nBcc: victim@example.com";

        var read = Read(await OutgoingMail.ToBytesAsync(message));

        Assert.Empty(read.Bcc);
        Assert.False(read.Headers.Contains("Bcc"));
        Assert.Contains("victim@example.com", read.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_ascii_subject_and_a_word_over_998_octets_are_folded_and_read_back()
    {
        var message = SampleMail.Create();
        var subject = string.Join(' ', Enumerable.Repeat("Your weekly summary of open conversations", 6)) + " " + new string('x', 1200);
        message.Subject = subject;

        var raw = await OutgoingMail.ToBytesAsync(message);

        MessageText.AssertLineLimits(Encoding.ASCII.GetString(raw));
        Assert.Equal(subject, Read(raw).Subject);
    }

    private static byte[] Content(MimePart part)
    {
        using var memory = new MemoryStream();
        part.Content!.DecodeTo(memory);
        return memory.ToArray();
    }
}
