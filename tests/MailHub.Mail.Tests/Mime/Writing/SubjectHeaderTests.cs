using MailHub.Mail.Mime.Writing;

namespace MailHub.Mail.Tests.Mime.Writing;

public sealed class SubjectHeaderTests
{
    private static string Subject(string value, bool utf8Headers = false) =>
        HeaderFolder.Fold("Subject", UnstructuredText.Tokens(value, utf8Headers));

    [Fact]
    public void Ascii_subject_is_written_as_is()
    {
        Assert.Equal("Subject: Your order #1234 has shipped\r\n", Subject("Your order #1234 has shipped"));
    }

    [Fact]
    public void Only_the_non_ascii_words_are_encoded_and_spaces_around_them_survive()
    {
        Assert.Equal("Subject: Order =?utf-8?B?6K6i5Y2V?= shipped\r\n", Subject("Order 订单 shipped"));
    }

    [Fact]
    public void Adjacent_non_ascii_words_share_one_encoding_so_the_space_between_them_is_kept()
    {
        var field = Subject("Grüße aus München");

        Assert.Equal("Subject: =?utf-8?B?R3LDvMOfZQ==?= aus =?utf-8?Q?M=C3=BCnchen?=\r\n", field);
        Assert.Equal("Grüße aus München", WordDecoder.HeaderValue(field));
        Assert.Equal("Subject: =?utf-8?B?Q2Fmw6kgY3LDqG1l?= ok\r\n", Subject("Café crème ok"));
        Assert.Equal("Grüße Ü", WordDecoder.HeaderValue(Subject("Grüße Ü")));
    }

    [Fact]
    public void Text_that_looks_like_an_encoded_word_is_encoded_so_it_reads_back_literally()
    {
        var field = Subject("about =?utf-8?B?abc?= tokens");

        Assert.Equal("about =?utf-8?B?abc?= tokens", WordDecoder.HeaderValue(field));
        Assert.DoesNotContain(" =?utf-8?B?abc?= ", field, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_breaks_in_a_subject_cannot_inject_headers()
    {
        Assert.Equal("Subject: Hello Bcc: victim@example.com\r\n", Subject("Hello\r\nBcc: victim@example.com"));
    }

    [Fact]
    public void A_200_character_chinese_subject_folds_into_encoded_words_within_every_limit()
    {
        var subject = string.Concat(Enumerable.Repeat("关于您的订单退款申请的处理结果通知", 12))[..200];

        var field = Subject(subject);

        var lines = MessageText.Lines(field);
        Assert.All(lines, line => Assert.True(line.Length <= 78, $"line over 78: {line}"));
        Assert.True(lines.Length > 5, "a 200-character subject should need several lines");
        Assert.StartsWith("Subject: =?utf-8?B?", lines[0], StringComparison.Ordinal);
        Assert.All(lines.Skip(1), line => Assert.Matches(@"^ =\?utf-8\?B\?[A-Za-z0-9+/=]+\?=$", line));
        var words = field.Split([' ', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.All(words, word => Assert.True(word.Length <= 75, $"encoded word over 75: {word}"));
        // Every word decodes to whole characters by itself: none splits a UTF-8 sequence.
        Assert.All(words, word => Assert.DoesNotContain('\uFFFD', WordDecoder.DecodeWords(word)));
        Assert.Equal(subject, WordDecoder.HeaderValue(field));
    }

    [Fact]
    public void A_long_ascii_subject_folds_at_spaces_within_78_characters()
    {
        var subject = string.Join(' ', Enumerable.Repeat("Your weekly summary of open conversations", 6));

        var field = Subject(subject);

        MessageText.AssertLineLimits(field);
        Assert.Equal(subject, WordDecoder.HeaderValue(field.Replace("\r\n ", " ", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_word_too_long_for_one_line_is_encoded_and_split_instead_of_breaking_998()
    {
        var word = new string('x', 1200);

        var field = Subject("see " + word);

        MessageText.AssertLineLimits(field, soft: false);
        Assert.Equal("see " + word, WordDecoder.HeaderValue(field));
    }

    [Fact]
    public void A_mixed_subject_with_long_runs_stays_within_limits_and_reads_back()
    {
        var subject = "Re: [Ticket #88123] 关于 order 12345 的退款 — Rückerstattung für Ihre Bestellung 😀 " + new string('é', 90);

        var field = Subject(subject);

        Assert.All(MessageText.Lines(field), line => Assert.True(line.Length <= 78, $"line over 78: {line}"));
        Assert.Equal(subject, WordDecoder.HeaderValue(field));
    }

    [Fact]
    public void Utf8_headers_keep_non_ascii_text_raw()
    {
        Assert.Equal("Subject: 回复: 订单\r\n", Subject("回复: 订单", utf8Headers: true));
    }
}
