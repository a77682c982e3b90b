namespace MailHub.Mail.Mime;

/// <summary>
/// Decodes a body line by line into a <see cref="ContentWriter"/>. Line endings reach the decoder only when the
/// next line proves they belong to the body (the one before a boundary belongs to the boundary).
/// </summary>
internal sealed class BodyDecoder
{
    private TransferEncoding _encoding;
    private Base64Decoder _base64;
    private int _uuState; // 0 before "begin", 1 inside, 2 after "end"

    public void Reset(TransferEncoding encoding)
    {
        _encoding = encoding;
        _base64 = default;
        _uuState = 0;
    }

    /// <summary>Decodes a line's content; returns false when its line ending is not content (soft line break, base64...).</summary>
    public bool Line(ReadOnlySpan<byte> content, ContentWriter output)
    {
        switch (_encoding)
        {
            case TransferEncoding.Base64:
                var span = output.GetSpan((content.Length * 3 / 4) + 3);
                output.Advance(_base64.Decode(content, span));
                return false;
            case TransferEncoding.QuotedPrintable:
                return QuotedPrintableLine(content, output);
            case TransferEncoding.UUEncode:
                UULine(content, output);
                return false;
            default:
                output.Write(content);
                return true;
        }
    }

    public void LineEnding(ReadOnlySpan<byte> lineEnding, ContentWriter output)
    {
        if (_encoding is TransferEncoding.Identity or TransferEncoding.QuotedPrintable)
            output.Write(lineEnding);
    }

    public void Finish(ContentWriter output)
    {
        if (_encoding == TransferEncoding.Base64)
            output.Advance(_base64.Finish(output.GetSpan(3)));
    }

    /// <summary>RFC 2045 §6.7, leniently: hex in any case, a stray '=' kept as is, a final '=' is a soft line break.</summary>
    private static bool QuotedPrintableLine(ReadOnlySpan<byte> content, ContentWriter output)
    {
        var target = output.GetSpan(content.Length);
        var n = 0;
        var keepLineEnding = true;
        for (var i = 0; i < content.Length; i++)
        {
            var b = content[i];
            if (b != '=')
            {
                target[n++] = b;
                continue;
            }
            if (i + 1 >= content.Length)
            {
                keepLineEnding = false;
                break;
            }
            var next = content[i + 1];
            if (next == '=')
            {
                target[n++] = (byte)'=';
                i++;
                continue;
            }
            if (i + 2 < content.Length && Hex.Value(next) is var hi and >= 0 && Hex.Value(content[i + 2]) is var lo and >= 0)
            {
                target[n++] = (byte)((hi << 4) | lo);
                i += 2;
                continue;
            }
            if (content[(i + 1)..].TrimEnd(" \t"u8).IsEmpty)
            {
                // "=" followed only by blanks: a soft line break whose padding was not stripped.
                keepLineEnding = false;
                break;
            }
            target[n++] = (byte)'=';
        }
        output.Advance(n);
        return keepLineEnding;
    }

    private void UULine(ReadOnlySpan<byte> content, ContentWriter output)
    {
        if (_uuState == 0)
        {
            if (content.StartsWith("begin "u8) || content.StartsWith("begin-base64 "u8))
                _uuState = 1;
            return;
        }
        if (_uuState == 2)
            return;
        if (content.StartsWith("end"u8) && content.TrimEnd(" \t"u8).Length == 3)
        {
            _uuState = 2;
            return;
        }
        if (content.IsEmpty)
            return;
        var length = (content[0] - 0x20) & 0x3F;
        var target = output.GetSpan(length + 3);
        var n = 0;
        for (var i = 1; n < length && i < content.Length; i += 4)
        {
            int c0 = Six(content, i), c1 = Six(content, i + 1), c2 = Six(content, i + 2), c3 = Six(content, i + 3);
            var bits = (c0 << 18) | (c1 << 12) | (c2 << 6) | c3;
            if (n < length) target[n++] = (byte)(bits >> 16);
            if (n < length) target[n++] = (byte)(bits >> 8);
            if (n < length) target[n++] = (byte)bits;
        }
        output.Advance(n);
    }

    private static int Six(ReadOnlySpan<byte> s, int i) => i < s.Length ? (s[i] - 0x20) & 0x3F : 0;
}
