namespace MailHub.Mail.Mime.Writing;

/// <summary>Content-Transfer-Encoding values (RFC 2045 §6).</summary>
internal enum TransferEncoding
{
    SevenBit,
    EightBit,
    QuotedPrintable,
    Base64,
}

internal static class TransferEncodings
{
    public static string Name(this TransferEncoding encoding) => encoding switch
    {
        TransferEncoding.SevenBit => "7bit",
        TransferEncoding.EightBit => "8bit",
        TransferEncoding.QuotedPrintable => "quoted-printable",
        _ => "base64",
    };

    /// <summary>
    /// For UTF-8 text with CRLF line ends: 7bit when it is ASCII with lines of at most 998 octets; 8bit when the transport
    /// allows it; otherwise quoted-printable or base64, whichever comes out shorter (QP for mostly-ASCII text, base64
    /// for CJK-heavy text, where QP triples every byte).
    /// </summary>
    public static TransferEncoding ChooseForText(ReadOnlySpan<byte> text, bool eightBitAllowed)
    {
        var nonAscii = 0;
        var qpLength = 0;
        var longestLine = 0;
        var line = 0;
        var hasNul = false;
        for (var i = 0; i < text.Length; i++)
        {
            var b = text[i];
            if (b == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                longestLine = Math.Max(longestLine, line);
                line = 0;
                qpLength += 2;
                i++;
                continue;
            }

            line++;
            hasNul |= b == 0;
            if (b > 127)
            {
                nonAscii++;
            }

            qpLength += QuotedPrintableEncoder.IsLiteral(b) || b is (byte)' ' or (byte)'\t' ? 1 : 3;
        }

        longestLine = Math.Max(longestLine, line);
        var linesFit = longestLine <= HeaderFolder.HardLimit && !hasNul;
        if (linesFit && nonAscii == 0 && !HasBareCr(text))
        {
            return TransferEncoding.SevenBit;
        }

        if (linesFit && eightBitAllowed && !HasBareCr(text))
        {
            return TransferEncoding.EightBit;
        }

        // Soft line breaks add about one "=\r\n" per 73 characters to QP; base64 adds CRLF per 76.
        var qp = qpLength + (qpLength / 73 * 3);
        var base64 = (text.Length + 2) / 3 * 4 / 76 * 78 + 80;
        return qp <= base64 ? TransferEncoding.QuotedPrintable : TransferEncoding.Base64;
    }

    private static bool HasBareCr(ReadOnlySpan<byte> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if ((text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n')) || (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')))
            {
                return true;
            }
        }

        return false;
    }
}
