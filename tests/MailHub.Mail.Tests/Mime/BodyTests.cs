using System.Text;
using MailHub.Mail.Mime;
using MimeKit;

namespace MailHub.Mail.Tests.Mime;

public sealed class BodyTests
{
    private const string Alternative = """
        From: a@example.com
        Content-Type: multipart/alternative; boundary="XX"

        preamble
        --XX
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: quoted-printable

        =E4=BD=A0=E5=A5=BD=
        , world=3d=3D ok
        --XX
        Content-Type: text/html; charset=utf-8
        Content-Transfer-Encoding: base64

        PGI+5L2g5aW9
        PC9iPg
        --XX--
        epilogue
        """;

    [Fact]
    public void Multipart_alternative_gives_text_and_html_bodies()
    {
        using var message = Mail.Parse(Alternative);
        Assert.Equal("你好, world== ok", message.TextBody);
        Assert.Equal("<b>你好</b>", message.HtmlBody);
        Assert.Empty(message.Attachments);
    }

    [Fact]
    public void Bare_lf_mail_reads_like_crlf_mail()
    {
        using var crlf = Mail.Parse(Alternative, "\r\n");
        using var lf = Mail.Parse(Alternative, "\n");
        Assert.Equal(MessageReading.Of(crlf).ToJson(), MessageReading.Of(lf).ToJson());
    }

    [Fact]
    public void A_missing_closing_boundary_keeps_every_part_read_up_to_the_end()
    {
        using var message = Mail.Parse("""
            Content-Type: multipart/mixed; boundary=b

            --b
            Content-Type: text/plain

            hello
            --b
            Content-Type: application/pdf; name=a.pdf
            Content-Transfer-Encoding: base64

            JVBERi0=
            """);
        Assert.Equal("hello", message.TextBody);
        var pdf = Assert.Single(MessageReading.Of(message).Attachments);
        Assert.Equal("a.pdf", pdf.FileName);
        Assert.Equal(Sha256("%PDF-"u8), pdf.Sha256);
    }

    [Fact]
    public void A_multipart_whose_boundary_never_comes_is_one_leaf_and_parsing_goes_on()
    {
        using var message = Mail.Parse("""
            Content-Type: multipart/mixed; boundary=outer

            --outer
            Content-Type: multipart/alternative; boundary=inner

            no inner boundary here
            --outer
            Content-Type: text/plain

            after
            --outer--
            """);
        Assert.Equal("after", message.TextBody);
        Assert.Equal("multipart/alternative", Assert.Single(MessageReading.Of(message).Attachments).ContentType);
    }

    [Fact]
    public void Base64_tolerates_whitespace_and_missing_padding()
    {
        using var message = Mail.Parse("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n5L2g 5aW9\r\n\t5L2g5aW9IQ\r\n");
        Assert.Equal("你好你好!", message.TextBody);
    }

    [Fact]
    public void Quoted_printable_keeps_a_stray_equals_sign()
    {
        using var message = Mail.Parse("Content-Transfer-Encoding: quoted-printable\r\n\r\n1 + 1 = 2 =zz =4\r\n");
        Assert.Equal("1 + 1 = 2 =zz =4\n", message.TextBody);
    }

    [Fact]
    public void Uuencoded_part_is_decoded()
    {
        using var message = Mail.Parse("""
            Content-Type: multipart/mixed; boundary=b

            --b
            Content-Type: application/octet-stream; name=cat.txt
            Content-Transfer-Encoding: x-uuencode

            begin 644 cat.txt
            #0V%T
            `
            end
            --b--
            """);
        Assert.Equal(Sha256("Cat"u8), Assert.Single(MessageReading.Of(message).Attachments).Sha256);
    }

    [Fact]
    public void Related_root_is_the_body_and_the_image_is_an_inline_attachment()
    {
        using var message = Mail.Parse("""
            Content-Type: multipart/related; boundary=r; start="<root@x>"

            --r
            Content-Type: image/png
            Content-ID: <img@x>
            Content-Disposition: inline
            Content-Transfer-Encoding: base64

            iVBORw0KGgo=
            --r
            Content-Type: text/html
            Content-ID: <root@x>

            <img src="cid:img@x">
            --r--
            """);
        Assert.Equal("<img src=\"cid:img@x\">", message.HtmlBody);
        var image = Assert.Single(MessageReading.Of(message).Attachments);
        Assert.Equal(("image/png", "img@x", true, 8L), (image.ContentType, image.ContentId, image.Inline, image.Size));
    }

    [Fact]
    public void Attached_text_file_is_not_the_body()
    {
        using var message = Mail.Parse("""
            Content-Type: multipart/mixed; boundary=b

            --b
            Content-Type: text/plain; name=notes.txt
            Content-Disposition: attachment

            notes
            --b--
            """);
        Assert.Null(message.TextBody);
        Assert.Equal("notes.txt", Assert.Single(MessageReading.Of(message).Attachments).FileName);
    }

    [Fact]
    public void Forwarded_message_is_an_attachment_whose_message_can_be_read()
    {
        using var message = Mail.Parse("""
            Content-Type: multipart/mixed; boundary=b

            --b
            Content-Type: text/plain

            see below
            --b
            Content-Type: message/rfc822

            Subject: =?utf-8?B?5Y6f5aeL6YKu5Lu2?=
            Message-ID: <inner@x>

            inner body
            --b--
            """);
        Assert.Equal("message/rfc822", Assert.Single(MessageReading.Of(message).Attachments).ContentType);
        var forwarded = Assert.IsType<MessagePart>(Assert.Single(message.Attachments)).Message;
        Assert.NotNull(forwarded);
        Assert.Equal("原始邮件", forwarded.Subject);
        Assert.Equal("inner body", forwarded.TextBody?.TrimEnd());
        Assert.Equal("see below", message.TextBody);
    }

    [Fact]
    public void Headers_without_a_blank_line_before_the_body_still_give_a_body()
    {
        using var message = Mail.Parse("Subject: x\r\nthis line is not a header\r\nsecond\r\n");
        Assert.Equal("x", message.Message.Subject);
        Assert.NotEmpty(message.Problems);
        Assert.Equal("this line is not a header\nsecond\n", message.TextBody);
    }

    [Fact]
    public void Garbage_never_throws()
    {
        var random = new Random(7);
        for (var i = 0; i < 300; i++)
        {
            var bytes = new byte[random.Next(0, 2000)];
            random.NextBytes(bytes);
            var text = Encoding.Latin1.GetBytes("Content-Type: multipart/mixed; boundary=a\r\n\r\n--a\r\n");
            using var message = Mail.Parse([.. text, .. bytes, .. "\r\n--a\r\nContent-Type: message/rfc822\r\n\r\n"u8.ToArray(), .. bytes]);
            _ = MessageReading.Of(message).ToJson();
            _ = message.DeliveryStatus;
        }
    }

    [Fact]
    public void Deep_nesting_stops_at_the_limit()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 100; i++)
            sb.Append($"Content-Type: multipart/mixed; boundary=b{i}\r\n\r\n--b{i}\r\n");
        sb.Append("Content-Type: text/plain\r\n\r\ndeep\r\n");
        using var message = MailReader.Load(Encoding.ASCII.GetBytes(sb.ToString()), new MailReadOptions { MaxNestingDepth = 10 });
        // Past the limit the rest is one leaf: the deep text part is not read as the body.
        Assert.Null(message.TextBody);
        _ = MessageReading.Of(message).ToJson();
    }

    [Fact]
    public async Task Reading_from_a_stream_one_byte_at_a_time_gives_the_same_reading()
    {
        var bytes = Mail.Bytes(Alternative);
        using var fromMemory = Mail.Parse(bytes);
        using var fromStream = await MailReader.LoadAsync(new TrickleStream(bytes));
        Assert.Equal(MessageReading.Of(fromMemory).ToJson(), MessageReading.Of(fromStream).ToJson());
    }

    [Fact]
    public void A_header_line_longer_than_the_limit_is_cut_and_the_rest_of_the_message_still_reads()
    {
        var text = "X-Long: " + new string('a', 5000) + "\r\nSubject: after\r\n\r\nbody " + new string('b', 3000) + "\r\n";
        using var message = MailReader.Load(Encoding.ASCII.GetBytes(text), new MailReadOptions { MaxHeaderLength = 1024 });
        Assert.Equal("after", message.Message.Subject);
        Assert.Contains(message.Problems, p => p.Contains("X-Long", StringComparison.Ordinal));
        Assert.Equal("body " + new string('b', 3000) + "\n", message.TextBody);
    }

    private static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));

    /// <summary>A stream that hands out one byte per read, and cannot seek (so it is copied first).</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 1)], cancellationToken);
    }
}
