using System.Text;
using MailHub.Mail.Mime.Writing;

namespace MailHub.Mail.Tests.Mime.Writing;

public sealed class BodyEncodingTests
{
    private static TransferEncoding Choose(string text, bool eightBit = false) =>
        TransferEncodings.ChooseForText(Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n")), eightBit);

    [Fact]
    public void Transfer_encoding_follows_the_content()
    {
        Assert.Equal(TransferEncoding.SevenBit, Choose("Hello,\nyour order has shipped.\n"));
        Assert.Equal(TransferEncoding.QuotedPrintable, Choose("Grüße aus München, Ihre Bestellung ist unterwegs.\n"));
        Assert.Equal(TransferEncoding.Base64, Choose("您好，您的订单已经发货，请注意查收。如有问题请回复此邮件。\n"));
        Assert.Equal(TransferEncoding.QuotedPrintable, Choose(new string('a', 1200)));
    }

    [Fact]
    public void Eight_bit_is_used_only_when_the_transport_allows_it()
    {
        Assert.Equal(TransferEncoding.EightBit, Choose("您好，您的订单已经发货。\n", eightBit: true));
        Assert.Equal(TransferEncoding.SevenBit, Choose("Hello\n", eightBit: true));
        Assert.Equal(TransferEncoding.Base64, Choose(new string('订', 400), eightBit: true));
    }

    [Fact]
    public void Quoted_printable_encodes_non_ascii_equals_and_trailing_spaces()
    {
        var encoded = Encoding.ASCII.GetString(QuotedPrintableEncoder.Encode("Grüße = 1 \r\nFrom here\r\nend\t"u8));

        Assert.Equal("Gr=C3=BC=C3=9Fe =3D 1=20\r\n=46rom here\r\nend=09", encoded);
    }

    [Fact]
    public void Quoted_printable_lines_are_at_most_76_characters_and_soft_breaks_never_split_an_escape()
    {
        var text = string.Concat(Enumerable.Repeat("Prüfung der Rückerstattung für Bestellung 12345; ", 10)) + "\r\n" + new string('x', 300);

        var encoded = Encoding.ASCII.GetString(QuotedPrintableEncoder.Encode(Encoding.UTF8.GetBytes(text)));

        var lines = encoded.Split("\r\n");
        Assert.All(lines, line => Assert.True(line.Length <= 76, $"QP line over 76: {line}"));
        Assert.All(lines, line => Assert.DoesNotMatch("=[0-9A-F]?=$", line));
        Assert.Equal(text, DecodeQuotedPrintable(encoded));
    }

    [Fact]
    public async Task Base64_is_written_in_lines_of_76_characters_whatever_the_chunk_sizes()
    {
        var bytes = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray();
        using var memory = new MemoryStream();
        var output = new MimeOutput(memory);
        var writer = new Base64LineWriter(output);

        foreach (var chunk in bytes.Chunk(13))
        {
            writer.Write(chunk);
        }

        writer.Complete();
        await output.FlushAsync(CancellationToken.None);
        var text = Encoding.ASCII.GetString(memory.ToArray());

        var lines = text[..^2].Split("\r\n");
        Assert.All(lines[..^1], line => Assert.Equal(76, line.Length));
        Assert.True(lines[^1].Length <= 76);
        Assert.Equal(bytes, Convert.FromBase64String(string.Concat(lines)));
    }

    private static string DecodeQuotedPrintable(string encoded)
    {
        var bytes = new List<byte>();
        var text = encoded.Replace("=\r\n", string.Empty, StringComparison.Ordinal);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '=')
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.Add((byte)text[i]);
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }
}
