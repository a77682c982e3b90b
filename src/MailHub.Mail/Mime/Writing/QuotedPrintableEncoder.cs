namespace MailHub.Mail.Mime.Writing;

/// <summary>
/// Quoted-printable (RFC 2045 §6.7) for text whose line ends are CRLF: encoded lines of at most 76 characters, soft
/// breaks never inside an =XX, whitespace before a line end encoded so transports cannot strip it, and "From " at a
/// line start encoded so mbox writers do not mangle it.
/// </summary>
internal static class QuotedPrintableEncoder
{
    private const int MaxLine = 76;

    public static byte[] Encode(ReadOnlySpan<byte> text)
    {
        var output = new List<byte>(text.Length + (text.Length / 2));
        var line = 0;
        var lineStart = 0;

        void Put(byte b)
        {
            output.Add(b);
            line++;
        }

        void SoftBreak()
        {
            output.Add((byte)'=');
            output.Add((byte)'\r');
            output.Add((byte)'\n');
            line = 0;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var b = text[i];
            if (b == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                output.Add((byte)'\r');
                output.Add((byte)'\n');
                line = 0;
                lineStart = i + 2;
                i++;
                continue;
            }

            var atLineEnd = i + 1 == text.Length || (text[i + 1] == '\r' && i + 2 < text.Length && text[i + 2] == '\n');
            var literal = IsLiteral(b) || (b is (byte)' ' or (byte)'\t' && !atLineEnd);
            if (b == 'F' && i == lineStart && text[i..].StartsWith("From "u8))
            {
                literal = false;
            }

            var width = literal ? 1 : 3;

            // Keep room for the "=" of a soft break, unless this is the last character of the line.
            var limit = atLineEnd ? MaxLine : MaxLine - 1;
            if (line + width > limit)
            {
                SoftBreak();
            }

            if (literal)
            {
                Put(b);
            }
            else
            {
                Put((byte)'=');
                Put((byte)Hex.Upper[b >> 4]);
                Put((byte)Hex.Upper[b & 0xF]);
            }
        }

        return [.. output];
    }

    /// <summary>Printable ASCII other than "=" stands for itself (RFC 2045 §6.7 rule 2).</summary>
    public static bool IsLiteral(byte b) => b is >= 33 and <= 126 and not (byte)'=';
}
