using System.Security.Cryptography;
using System.Text;
using MailHub.Mail.Mime;

namespace MailHub.Mail.Tests.Mime;

/// <summary>Our small repairs around MimeKit, each where MimeKit alone reads real mail worse than other readers.</summary>
public sealed class RepairTests
{
    [Fact]
    public void Parts_whose_header_runs_into_the_body_keep_their_body()
    {
        using var message = Mail.Parse("""
            Content-Type: multipart/mixed; boundary=foo

            --foo
            Content-Type: text/plain
            bar

            --foo
            Content-Type: text/html
            <html><body><p>baz</p></body></html>

            --foo--
            """);
        Assert.Equal("bar\n", message.TextBody);
        Assert.Equal("<html><body><p>baz</p></body></html>\n", message.HtmlBody);
        Assert.Contains(PartHeaderBreaks.Problem, message.Problems);
    }

    [Fact]
    public void A_base64_attachment_right_after_its_header_is_decoded()
    {
        using var message = Mail.Parse("""
            Content-Type: multipart/mixed; boundary=b

            --b
            Content-Type: application/zip; name=a.zip
            Content-Transfer-Encoding: base64
            UEsDBAo=
            --b--
            """);
        var zip = Assert.Single(MessageReading.Of(message).Attachments);
        Assert.Equal(Sha256([0x50, 0x4B, 0x03, 0x04, 0x0A]), zip.Sha256);
    }

    [Fact]
    public void A_boundary_ending_in_blanks_still_splits_the_multipart()
    {
        // As other readers do, the blanks are dropped: delimiter lines match with or without them.
        using var message = Mail.Parse(
            "Content-Type: multipart/mixed; boundary=\"odd boundary  \"\r\n\r\npreamble\r\n--odd boundary  \r\nContent-Type: text/plain\r\n\r\n" +
            "Text body\r\n--odd boundary \r\nContent-Type: image/png; name=a.png\r\n\r\npng\r\n--odd boundary--\r\nepilogue\r\n");
        Assert.Equal("Text body", message.TextBody);
        Assert.Equal("a.png", Assert.Single(MessageReading.Of(message).Attachments).FileName);
        Assert.Contains(BlankBoundaries.Problem, message.Problems);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("  ", " ")] // blanks at the end of the parameter, fewer on a delimiter line: dropped as for short boundaries
    public void A_boundary_of_thousands_of_characters_still_splits_the_multipart(string blanks, string delimiterBlanks)
    {
        // RFC 2046 §5.1.1 allows 70 characters; MimeKit never compares a delimiter line longer than its read buffer.
        var boundary = string.Concat(Enumerable.Repeat("0123456789abcdefghijklmnopqrstuvwxyz'()+_,-./:=?", 150))[..7000];
        using var message = Mail.Parse(
            $"Content-Type: multipart/mixed; boundary=\"{boundary}{blanks}\"\r\n\r\npreamble\r\n--{boundary}{blanks}\r\nContent-Type: text/plain\r\n\r\n" +
            $"Text body\r\n--{boundary}{delimiterBlanks}\r\nContent-Type: image/png; name=a.png\r\n\r\npng\r\n--{boundary}--\r\nepilogue\r\n");
        Assert.Equal("Text body", message.TextBody);
        Assert.Equal("a.png", Assert.Single(MessageReading.Of(message).Attachments).FileName);
        Assert.Contains(LongBoundaries.Problem, message.Problems);
        Assert.DoesNotContain(message.Problems, p => p.StartsWith("closing boundary", StringComparison.Ordinal));
    }

    [Fact]
    public void A_boundary_of_998_characters_is_read_by_MimeKit_as_it_is()
    {
        var boundary = new string('b', LongBoundaries.MaxLength);
        using var message = Mail.Parse(
            $"Content-Type: multipart/mixed; boundary={boundary}\r\n\r\n--{boundary}\r\nContent-Type: text/plain\r\n\r\nText body\r\n--{boundary}--\r\n");
        Assert.Equal("Text body", message.TextBody);
        Assert.Empty(message.Problems);
    }

    [Fact]
    public void A_multipart_whose_boundary_never_opens_is_one_part_holding_its_body_up_to_the_closing_delimiter()
    {
        using var message = Mail.Parse("""
            Content-Type: multipart/mixed; boundary="b"

            No parts here.

            --b--

            Epilogue
            """);
        var leaf = Assert.Single(MessageReading.Of(message).Attachments);
        Assert.Equal("multipart/mixed", leaf.ContentType);
        Assert.Equal(Sha256("No parts here.\r\n\r\n"u8.ToArray()), leaf.Sha256);
        Assert.Contains(message.Problems, p => p.Contains("never found", StringComparison.Ordinal));
    }

    [Fact]
    public void A_delimiter_followed_at_once_by_the_closing_one_is_one_empty_part()
    {
        using var message = Mail.Parse("""
            Content-Type: multipart/mixed; boundary="b"

            preamble
            --b
            --b--

            Epilogue
            """);
        Assert.Empty(message.Attachments);
        Assert.Equal("", message.TextBody);
        Assert.NotEmpty(message.Problems);
    }

    [Fact]
    public void Base64_with_junk_after_the_data_pads_the_last_group()
    {
        // Letters "QUJDQUI" once the junk is skipped: "QUJD" is ABC, "QUI" padded is AB (MimeKit alone drops it).
        using var message = Mail.Parse("""
            Content-Type: application/octet-stream
            Content-Transfer-Encoding: base64

            QUJD
            QUI-.
            """);
        var part = Assert.Single(MessageReading.Of(message).Attachments);
        Assert.Equal(Sha256("ABCAB"u8.ToArray()), part.Sha256);
    }

    [Fact]
    public void Base64_whose_last_letter_has_stray_bits_still_gives_its_bytes()
    {
        // "XXX" padded is "XXX=": the last letter carries two bits past the second byte; readers ignore them.
        using var message = Mail.Parse("Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\nXXX\r\n");
        var part = Assert.Single(MessageReading.Of(message).Attachments);
        Assert.Equal(2, part.Size);
        Assert.Equal(Sha256([0x5D, 0x75]), part.Sha256);
    }

    [Theory]
    [InlineData("=?NONE?B?VEVTVA=?=", "TEST")]
    [InlineData("=?utf-8?B?5L2g5aW9?= =?utf-8?b?5L2g5aW9IQ?=", "你好你好!")]
    [InlineData("=?UTF-8?B?nnDusSNdG92w==?=", "nnDusSNdG92w==")]
    public void B_encoded_words_with_wrong_padding_read_as_other_readers_read_them(string subject, string expected)
    {
        using var message = Mail.Parse($"Subject: {subject}\r\n\r\nx\r\n");
        Assert.Equal(expected, MessageReading.Of(message).Subject);
    }

    [Theory]
    [InlineData("01 Jan 2001 00:01+0000", "2001-01-01T00:01:00+00:00")]
    [InlineData("Wed, 15 Dec 2010    59:10 -0500", null)]
    [InlineData("Thu, 11 Apr 1996 01:10:30 -0500", "1996-04-11T01:10:30-05:00")]
    public void Dates_with_a_glued_zone_or_an_impossible_time(string date, string? expected)
    {
        using var message = Mail.Parse($"Date: {date}\r\n\r\nx\r\n");
        Assert.Equal(expected, MessageReading.Of(message).Date);
    }

    [Fact]
    public void An_angle_addr_with_blanks_in_its_local_part_keeps_the_sender()
    {
        using var message = Mail.Parse("From: \"postmaster@\" <sending_domain.tld postmaster@sending_domain.tld>\r\n\r\nx\r\n");
        var from = Assert.Single(MessageReading.Of(message).From);
        Assert.Equal("postmaster@", from.Name);
        Assert.Equal("\"sending_domain.tld postmaster\"@sending_domain.tld", from.Address);
    }

    [Fact]
    public void A_missing_closing_boundary_is_a_problem()
    {
        using var message = Mail.Parse("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n");
        Assert.Equal("hello\n", message.TextBody);
        Assert.Contains("closing boundary \"b\" missing", message.Problems);
    }

    [Fact]
    public void A_well_formed_multipart_has_no_problem()
    {
        using var message = Mail.Parse("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b--\r\n");
        Assert.Empty(message.Problems);
    }

    [Fact]
    public void A_multipart_header_section_read_alone_has_no_problem()
    {
        // The inbound summary reads the header section only: a multipart without its body is not malformed.
        using var message = Mail.Parse("From: a@example.com\r\nContent-Type: multipart/mixed; boundary=b\r\n");
        Assert.Empty(message.Problems);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_a_problem()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 20; i++)
            sb.Append($"Content-Type: multipart/mixed; boundary=b{i}\r\n\r\n--b{i}\r\n");
        sb.Append("Content-Type: text/plain\r\n\r\ndeep\r\n");
        for (var i = 19; i >= 0; i--)
            sb.Append($"--b{i}--\r\n");
        using var message = MailReader.Load(Encoding.ASCII.GetBytes(sb.ToString()), new MailReadOptions { MaxNestingDepth = 10 });
        Assert.Contains(message.Problems, p => p.Contains("nested deeper than 10", StringComparison.Ordinal));
        using var shallow = MailReader.Load(Encoding.ASCII.GetBytes(sb.ToString()), new MailReadOptions { MaxNestingDepth = 32 });
        Assert.DoesNotContain(shallow.Problems, p => p.Contains("nested", StringComparison.Ordinal));
        Assert.Equal("deep", shallow.TextBody);
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
