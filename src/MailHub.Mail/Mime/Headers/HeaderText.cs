using System.Buffers;
using System.Text;

namespace MailHub.Mail.Mime;

/// <summary>Turns raw header bytes into text: unfolding (RFC 5322 §2.2.3), raw 8-bit text, encoded words.</summary>
public static class HeaderText
{
    /// <summary>An unstructured field (Subject, Comments): unfolded, leading blanks dropped, encoded words decoded.</summary>
    public static string DecodeUnstructured(ReadOnlySpan<byte> raw, Encoding? fallback = null)
    {
        var text = DecodeRaw(raw, fallback).TrimStart(' ', '\t');
        return EncodedWords.Decode(text, fallback);
    }

    /// <summary>Unfolded text of a raw value, 8-bit bytes read as UTF-8 when valid, else with the fallback charset.</summary>
    public static string DecodeRaw(ReadOnlySpan<byte> raw, Encoding? fallback = null)
    {
        if (raw.IndexOfAny((byte)'\r', (byte)'\n') < 0)
            return Charsets.DecodeRaw(raw, fallback);
        var buffer = ArrayPool<byte>.Shared.Rent(raw.Length);
        try
        {
            var n = Unfold(raw, buffer);
            return Charsets.DecodeRaw(buffer.AsSpan(0, n), fallback);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Unfolded value with every byte as one char (for structure: types, parameters, ids).</summary>
    public static string Latin1Unfolded(ReadOnlySpan<byte> raw)
    {
        if (raw.IndexOfAny((byte)'\r', (byte)'\n') < 0)
            return Encoding.Latin1.GetString(raw);
        var buffer = ArrayPool<byte>.Shared.Rent(raw.Length);
        try
        {
            var n = Unfold(raw, buffer);
            return Encoding.Latin1.GetString(buffer.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int Unfold(ReadOnlySpan<byte> raw, Span<byte> output)
    {
        var n = 0;
        foreach (var b in raw)
        {
            if (b is not ((byte)'\r' or (byte)'\n'))
                output[n++] = b;
        }
        return n;
    }
}
