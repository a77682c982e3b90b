using System.Text;
using MailHub.Mail.Smtp.Server.Protocol;

namespace MailHub.Mail.Tests.SmtpServer;

public class DotUnstufferTests
{
    [Theory]
    [InlineData(".\r\n", "")]
    [InlineData("Hello\r\n.\r\n", "Hello\r\n")]
    [InlineData("..x\r\n.\r\n", ".x\r\n")]
    [InlineData("a\r\n...\r\n.\r\n", "a\r\n..\r\n")]
    [InlineData("a\r\n.x\r\n.\r\n", "a\r\nx\r\n")]
    [InlineData("a.b\r\n.\r\n", "a.b\r\n")]
    public void Dot_stuffing_is_undone_exactly_and_the_terminator_ends_the_data(string input, string expected)
    {
        foreach (var pieceSize in new[] { 1, 2, 3, input.Length })
        {
            var (content, consumed) = Run(input, pieceSize);
            Assert.Equal(expected, content);
            Assert.Equal(input.Length, consumed);
        }
    }

    [Theory]
    [InlineData("a\n.\nMAIL FROM:<x@y>\r\n.\r\n", "a\n.\nMAIL FROM:<x@y>\r\n")]
    [InlineData("a\r.\rMAIL FROM:<x@y>\r\n.\r\n", "a\r.\rMAIL FROM:<x@y>\r\n")]
    [InlineData("a\r\n.\nRSET\r\n.\r\n", "a\r\n\nRSET\r\n")]
    [InlineData("a\n.\r\nb\r\n.\r\n", "a\n.\r\nb\r\n")]
    [InlineData("a\r\n.\rb\r\n.\r\n", "a\r\n\rb\r\n")]
    [InlineData("a\r\n.\r\r\n.\r\n", "a\r\n\r\r\n")]
    public void Bare_CR_or_LF_never_ends_the_data(string input, string expected)
    {
        foreach (var pieceSize in new[] { 1, 2, input.Length })
        {
            var (content, consumed) = Run(input, pieceSize);
            Assert.Equal(expected, content);
            Assert.Equal(input.Length, consumed);
        }
    }

    [Fact]
    public void Data_that_never_terminates_is_all_content()
    {
        var (content, consumed) = Run("a\n.\n", 4);
        Assert.Equal("a\n.\n", content);
        Assert.Equal(-1, consumed);
    }

    [Fact]
    public void Long_lines_are_flagged_only_when_a_limit_is_set()
    {
        var line = new string('x', 1200) + "\r\n.\r\n";
        var limited = new DotUnstuffer(1000);
        var unlimited = new DotUnstuffer(0);
        var input = Encoding.ASCII.GetBytes(line);
        var output = new byte[input.Length + 1];
        limited.Process(input, output, out _, out _);
        unlimited.Process(input, output, out _, out _);
        Assert.True(limited.LineTooLong);
        Assert.False(unlimited.LineTooLong);
    }

    private static (string Content, int Consumed) Run(string input, int pieceSize)
    {
        var bytes = Encoding.ASCII.GetBytes(input);
        var unstuffer = new DotUnstuffer(0);
        var content = new List<byte>();
        var offset = 0;
        while (offset < bytes.Length)
        {
            var piece = bytes.AsSpan(offset, Math.Min(pieceSize, bytes.Length - offset));
            var output = new byte[piece.Length + 1];
            var end = unstuffer.Process(piece, output, out var consumed, out var written);
            content.AddRange(output.AsSpan(0, written));
            offset += consumed;
            if (end)
            {
                return (Encoding.ASCII.GetString([.. content]), offset);
            }
        }

        return (Encoding.ASCII.GetString([.. content]), -1);
    }
}
