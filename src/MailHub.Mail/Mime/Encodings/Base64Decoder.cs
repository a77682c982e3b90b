namespace MailHub.Mail.Mime;

/// <summary>
/// Forgiving base64: skips whitespace and any other stray byte, accepts missing padding, and stops at the
/// padding that ends the data (what Python's and most readers' non-strict mode do).
/// </summary>
internal struct Base64Decoder
{
    private static readonly sbyte[] Values = BuildValues();

    private int _buffer;
    private int _count;
    private bool _done;

    /// <summary>Decodes input into output (at least input.Length * 3 / 4 + 3 bytes); returns bytes written.</summary>
    public int Decode(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (_done)
            return 0;
        var n = 0;
        if (_count == 0)
        {
            // Fast path: whole clean groups, vectorized; the rest (padding, stray bytes) goes the slow way.
            System.Buffers.Text.Base64.DecodeFromUtf8(input, output, out var consumed, out n, isFinalBlock: false);
            input = input[consumed..];
            if (input.IsEmpty)
                return n;
        }
        var values = Values;
        int buffer = _buffer, count = _count;
        for (var i = 0; i < input.Length; i++)
        {
            var b = input[i];
            var v = values[b];
            if (v < 0)
            {
                if (b == '=' && count >= 2)
                {
                    _buffer = buffer;
                    _count = count;
                    Flush(output, ref n);
                    _done = true;
                    return n;
                }
                continue;
            }
            buffer = (buffer << 6) | (byte)v;
            if (++count == 4)
            {
                output[n] = (byte)(buffer >> 16);
                output[n + 1] = (byte)(buffer >> 8);
                output[n + 2] = (byte)buffer;
                n += 3;
                buffer = 0;
                count = 0;
            }
        }
        _buffer = buffer;
        _count = count;
        return n;
    }

    /// <summary>Writes what a missing padding left pending.</summary>
    public int Finish(Span<byte> output)
    {
        var n = 0;
        if (!_done)
            Flush(output, ref n);
        _done = true;
        return n;
    }

    private void Flush(Span<byte> output, ref int n)
    {
        if (_count == 2)
        {
            output[n++] = (byte)(_buffer >> 4);
        }
        else if (_count == 3)
        {
            output[n++] = (byte)(_buffer >> 10);
            output[n++] = (byte)(_buffer >> 2);
        }
        _buffer = 0;
        _count = 0;
    }

    private static sbyte[] BuildValues()
    {
        var values = new sbyte[256];
        Array.Fill(values, (sbyte)-1);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (var i = 0; i < alphabet.Length; i++)
            values[alphabet[i]] = (sbyte)i;
        return values;
    }
}
