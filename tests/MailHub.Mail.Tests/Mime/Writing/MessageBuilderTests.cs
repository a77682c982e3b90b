using System.Text;
using System.Text.RegularExpressions;
using MailHub.Mail.Mime.Writing;

namespace MailHub.Mail.Tests.Mime.Writing;

public sealed class MessageBuilderTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52];

    private static MessageBuilder Basic() => new()
    {
        From = new MailboxAddress("MailHub Support", "support@example.com"),
        To = { new MailboxAddress("customer@example.org") },
        Subject = "Your order",
        MessageId = "<fixed@example.com>",
    };

    private static async Task<string> WriteAsync(MessageBuilder message, MimeWriteOptions? options = null) =>
        Encoding.UTF8.GetString(await message.ToBytesAsync(options ?? TestOptions.Fixed()));

    // The Content-Type lines of every entity, in order, boundaries included.
    private static List<string> ContentTypes(string raw) =>
        Regex.Matches(raw.Replace("\r\n ", " ", StringComparison.Ordinal), "Content-Type: [^\r\n]*")
            .Select(m => m.Value)
            .ToList();

    [Fact]
    public async Task A_text_only_message_is_one_7bit_part_written_exactly()
    {
        var message = Basic();
        message.Text = "Hello,\nyour order has shipped.\n";

        var raw = await WriteAsync(message);

        Assert.Equal(
            "From: MailHub Support <support@example.com>\r\n" +
            "To: customer@example.org\r\n" +
            "Subject: Your order\r\n" +
            "Date: Tue, 1 Jul 2025 09:05:00 +0800\r\n" +
            "Message-ID: <fixed@example.com>\r\n" +
            "MIME-Version: 1.0\r\n" +
            "Content-Type: text/plain; charset=utf-8\r\n" +
            "Content-Transfer-Encoding: 7bit\r\n" +
            "\r\n" +
            "Hello,\r\n" +
            "your order has shipped.\r\n",
            raw);
    }

    [Fact]
    public async Task Text_and_html_are_alternatives_with_the_plain_text_first()
    {
        var message = Basic();
        message.Text = "Hello";
        message.Html = "<p>Hello</p>";

        var raw = await WriteAsync(message);

        Assert.EndsWith(
            "MIME-Version: 1.0\r\n" +
            "Content-Type: multipart/alternative; boundary=\"=_b1\"\r\n" +
            "\r\n" +
            "--=_b1\r\n" +
            "Content-Type: text/plain; charset=utf-8\r\n" +
            "Content-Transfer-Encoding: 7bit\r\n" +
            "\r\n" +
            "Hello\r\n" +
            "--=_b1\r\n" +
            "Content-Type: text/html; charset=utf-8\r\n" +
            "Content-Transfer-Encoding: 7bit\r\n" +
            "\r\n" +
            "<p>Hello</p>\r\n" +
            "--=_b1--\r\n",
            raw);
    }

    [Fact]
    public async Task Inline_images_sit_beside_the_html_in_multipart_related()
    {
        var message = Basic();
        message.Text = "Logo below";
        message.Html = "<img src=\"cid:logo@example.com\">";
        message.InlineImages.Add(new InlineImage("logo@example.com", MimeContent.FromBytes(Png), FileName: "logo.png"));

        var raw = await WriteAsync(message);

        Assert.Equal(
            [
                "Content-Type: multipart/related; type=\"multipart/alternative\"; boundary=\"=_b2\"",
                "Content-Type: multipart/alternative; boundary=\"=_b1\"",
                "Content-Type: text/plain; charset=utf-8",
                "Content-Type: text/html; charset=utf-8",
                "Content-Type: image/png; name=\"logo.png\"",
            ],
            ContentTypes(raw));
        Assert.Contains(
            "Content-Transfer-Encoding: base64\r\nContent-Disposition: inline; filename=\"logo.png\"\r\nContent-ID: <logo@example.com>\r\n\r\n" +
            Convert.ToBase64String(Png) + "\r\n\r\n--=_b2--\r\n",
            raw,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Everything_together_nests_mixed_then_related_then_alternative()
    {
        var message = Basic();
        message.Text = "See attached";
        message.Html = "<img src=\"cid:logo@example.com\">";
        message.InlineImages.Add(new InlineImage("<logo@example.com>", MimeContent.FromBytes(Png), "image/png"));
        message.Attachments.Add(new Attachment("发票.pdf", MimeContent.FromBytes("%PDF-1.4"u8.ToArray())));

        var raw = await WriteAsync(message);

        Assert.Equal(
            [
                "Content-Type: multipart/mixed; boundary=\"=_b3\"",
                "Content-Type: multipart/related; type=\"multipart/alternative\"; boundary=\"=_b2\"",
                "Content-Type: multipart/alternative; boundary=\"=_b1\"",
                "Content-Type: text/plain; charset=utf-8",
                "Content-Type: text/html; charset=utf-8",
                "Content-Type: image/png",
                "Content-Type: application/pdf; name=\"=?utf-8?B?5Y+R56WoLnBkZg==?=\"",
            ],
            ContentTypes(raw));
        Assert.Contains("Content-Disposition: attachment; filename*=utf-8''%E5%8F%91%E7%A5%A8.pdf\r\n", raw, StringComparison.Ordinal);
        MessageText.AssertLineLimits(raw);
    }

    [Fact]
    public async Task Html_with_attachments_but_no_images_is_mixed_around_the_html()
    {
        var message = Basic();
        message.Html = "<p>Hi</p>";
        message.Attachments.Add(new Attachment("a.txt", MimeContent.FromBytes("hello"u8.ToArray())));

        var raw = await WriteAsync(message);

        Assert.Equal(
            [
                "Content-Type: multipart/mixed; boundary=\"=_b1\"",
                "Content-Type: text/html; charset=utf-8",
                "Content-Type: text/plain; name=\"a.txt\"",
            ],
            ContentTypes(raw));
    }

    [Fact]
    public async Task Bcc_is_never_written_but_is_on_the_envelope()
    {
        var message = Basic();
        message.Cc.Add(new MailboxAddress("cc@example.org"));
        message.Bcc.Add(new MailboxAddress("Secret", "hidden@example.org"));
        message.Bcc.Add(new MailboxAddress("CUSTOMER@example.org"));

        var raw = await WriteAsync(message);

        Assert.DoesNotContain("hidden", raw, StringComparison.Ordinal);
        Assert.Null(MessageText.FindField(raw, "Bcc"));
        Assert.Equal(["customer@example.org", "cc@example.org", "hidden@example.org"], message.EnvelopeRecipients.Select(m => m.Address));
    }

    [Fact]
    public async Task Message_id_and_date_are_generated_once_and_kept_for_a_retried_send()
    {
        var message = new MessageBuilder { From = new MailboxAddress("support@例子.中国"), To = { new MailboxAddress("a@example.org") } };

        var first = Encoding.UTF8.GetString(await message.ToBytesAsync());
        var second = Encoding.UTF8.GetString(await message.ToBytesAsync());

        Assert.Matches(@"^<[a-z0-9]{26}@xn--fsqu00a\.xn--fiqs8s>$", message.MessageId);
        Assert.Equal($"Message-ID: {message.MessageId}\r\n", MessageText.Field(first, "Message-ID"));
        Assert.Equal(MessageText.Field(first, "Message-ID"), MessageText.Field(second, "Message-ID"));
        Assert.Equal(MessageText.Field(first, "Date"), MessageText.Field(second, "Date"));
        Assert.Matches(@"^Date: (Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d [+-]\d{4}\r\n$", MessageText.Field(first, "Date"));
    }

    [Fact]
    public async Task A_caller_may_supply_its_own_message_id_format()
    {
        var message = Basic();
        message.MessageId = null;
        var options = TestOptions.Fixed() with { MessageIdFactory = domain => $"<ticket-42.reply-7@{domain}>" };

        var raw = await WriteAsync(message, options);

        Assert.Equal("Message-ID: <ticket-42.reply-7@example.com>\r\n", MessageText.Field(raw, "Message-ID"));
    }

    [Fact]
    public async Task Custom_headers_follow_the_standard_ones_and_non_ascii_values_are_encoded()
    {
        var message = Basic();
        message.Headers.Add(new MessageHeader("Auto-Submitted", "auto-replied"));
        message.Headers.Add(new MessageHeader("List-Unsubscribe", "<mailto:unsubscribe@example.com?subject=unsubscribe>, <https://example.com/unsubscribe/0123456789abcdef0123456789abcdef>"));
        message.Headers.Add(new MessageHeader("X-Mailer", "MailHub 客服"));

        var raw = await WriteAsync(message);

        MessageText.AssertLineLimits(raw);
        Assert.Equal("Auto-Submitted: auto-replied\r\n", MessageText.Field(raw, "Auto-Submitted"));
        Assert.Equal(
            "List-Unsubscribe: <mailto:unsubscribe@example.com?subject=unsubscribe>,\r\n <https://example.com/unsubscribe/0123456789abcdef0123456789abcdef>\r\n",
            MessageText.Field(raw, "List-Unsubscribe"));
        Assert.Equal("X-Mailer: MailHub =?utf-8?B?5a6i5pyN?=\r\n", MessageText.Field(raw, "X-Mailer"));
    }

    [Theory]
    [InlineData("Subject")]
    [InlineData("content-type")]
    [InlineData("Bcc")]
    public void Headers_the_builder_writes_itself_cannot_be_added_as_custom_headers(string name)
    {
        Assert.Throws<ArgumentException>(() => new MessageHeader(name, "x"));
    }

    [Fact]
    public async Task Default_output_is_7bit_and_eight_bit_mime_allows_raw_utf8_bodies()
    {
        var message = Basic();
        message.Subject = "订单";
        message.Text = "您好，您的订单已经发货。";

        var sevenBit = await message.ToBytesAsync(TestOptions.Fixed());
        var eightBit = Encoding.UTF8.GetString(await message.ToBytesAsync(TestOptions.Fixed(eightBitMime: true)));
        var utf8 = Encoding.UTF8.GetString(await message.ToBytesAsync(TestOptions.Fixed(eightBitMime: true, utf8Headers: true)));

        Assert.All(sevenBit, b => Assert.True(b < 128));
        Assert.Contains("Content-Transfer-Encoding: base64\r\n", Encoding.ASCII.GetString(sevenBit), StringComparison.Ordinal);
        Assert.Contains("Content-Transfer-Encoding: 8bit\r\n\r\n您好，您的订单已经发货。\r\n", eightBit, StringComparison.Ordinal);
        Assert.Equal("Subject: =?utf-8?B?6K6i5Y2V?=\r\n", MessageText.Field(eightBit, "Subject"));
        Assert.Equal("Subject: 订单\r\n", MessageText.Field(utf8, "Subject"));
    }

    [Fact]
    public async Task Attachments_are_streamed_in_chunks_and_the_stream_is_disposed()
    {
        var data = new byte[3 * 1024 * 1024 + 17];
        new Random(7).NextBytes(data);
        var stream = new TrickleStream(data);
        var message = Basic();
        message.Text = "big file";
        message.Attachments.Add(new Attachment("data.bin", MimeContent.FromStream(() => stream)));
        var output = new CountingStream();

        await message.WriteToAsync(output, TestOptions.Fixed());

        Assert.True(stream.Disposed);
        Assert.True(stream.LargestRead <= 64 * 1024, "reads are bounded chunks");
        Assert.True(output.Writes > 10, "output goes out while the attachment is read, not at the end");
        var raw = Encoding.ASCII.GetString(output.ToArray());
        MessageText.AssertLineLimits(raw);
        var start = raw.IndexOf("\r\n\r\n", raw.IndexOf("data.bin", StringComparison.Ordinal), StringComparison.Ordinal) + 4;
        var end = raw.IndexOf("--=_b1--", start, StringComparison.Ordinal);
        Assert.Equal(data, Convert.FromBase64String(raw[start..end].Replace("\r\n", string.Empty, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_message_without_from_says_what_to_set()
    {
        var message = new MessageBuilder { To = { new MailboxAddress("a@example.org") } };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => message.ToBytesAsync());

        Assert.Contains("MessageBuilder.From", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_7bit_body_that_contains_the_boundary_gets_another_one()
    {
        var n = 0;
        var options = TestOptions.Fixed() with { BoundaryFactory = () => $"=_b{++n}" };
        var message = Basic();
        message.Text = "quoting a message:\n--=_b1\nthat was a boundary";
        message.Html = "<p>x</p>";

        var raw = await WriteAsync(message, options);

        Assert.Contains("boundary=\"=_b2\"", raw, StringComparison.Ordinal);
    }

    private sealed class TrickleStream(byte[] data) : MemoryStream(data, writable: false)
    {
        public bool Disposed { get; private set; }

        public int LargestRead { get; private set; }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            LargestRead = Math.Max(LargestRead, buffer.Length);
            return base.ReadAsync(buffer, cancellationToken);
        }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }

    private sealed class CountingStream : MemoryStream
    {
        public int Writes { get; private set; }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes++;
            return base.WriteAsync(buffer, cancellationToken);
        }
    }
}
