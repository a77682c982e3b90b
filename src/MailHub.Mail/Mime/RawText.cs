using System.Text;
using System.Text.Unicode;

namespace MailHub.Mail.Mime;

/// <summary>
/// Decoding 8-bit text whose charset is unknown or untrustworthy: UTF-8 when it is valid UTF-8, else the message's
/// fallback (its first text part's charset, else GB18030).
/// </summary>
internal static class RawText
{
    private static readonly Encoding Gbk = CodePagesEncodingProvider.Instance.GetEncoding(936)!;

    public static string Decode(ReadOnlySpan<byte> bytes, Encoding fallback)
    {
        if (Ascii.IsValid(bytes))
            return Encoding.ASCII.GetString(bytes);
        return Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : GetString(fallback, bytes);
    }

    /// <summary>
    /// encoding.GetString, with a fast path for GB18030: .NET's GB18030 decoder is several times slower than its GBK one,
    /// and text without four-byte sequences (second byte 0x30-0x39) reads the same in both, except for a few codes GBK
    /// maps to the private use area (and 0x80, the euro sign).
    /// </summary>
    public static string GetString(Encoding encoding, ReadOnlySpan<byte> bytes)
    {
        if (encoding.CodePage != 54936 || HasFourByteSequence(bytes))
            return encoding.GetString(bytes);
        var text = Gbk.GetString(bytes);
        return text.AsSpan().IndexOfAnyInRange('\uE000', '\uF8FF') >= 0 || text.Contains('\u20AC', StringComparison.Ordinal)
            ? encoding.GetString(bytes)
            : text;
    }

    private static bool HasFourByteSequence(ReadOnlySpan<byte> bytes)
    {
        for (var i = 0; i < bytes.Length - 1; i++)
        {
            if (bytes[i] < 0x81)
                continue;
            if (bytes[i + 1] is >= 0x30 and <= 0x39)
                return true;
            i++;
        }
        return false;
    }
}
