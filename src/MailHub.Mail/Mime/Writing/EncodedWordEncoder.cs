using System.Text;

namespace MailHub.Mail.Mime.Writing;

/// <summary>
/// RFC 2047 encoded words in UTF-8. A word holds whole characters only (never part of a UTF-8 sequence, never half a
/// surrogate pair) and is at most 75 characters long (§2). Q uses the small character set allowed in phrases (§5(3)),
/// so the same words are valid in Subject, display names and quoted parameter values.
/// </summary>
internal static class EncodedWordEncoder
{
    public const int MaxWordLength = 75;

    /// <summary>"=?utf-8?B?" and "?=".</summary>
    public const int Overhead = 12;

    /// <summary>The shortest word that surely holds one character: a 4-byte character in B takes 8 characters.</summary>
    public const int MinWordLength = Overhead + 8;

    /// <summary>True when B encodes the whole text shorter than Q (CJK text), false for mostly-ASCII text.</summary>
    public static bool PreferBase64(string text)
    {
        var bytes = 0;
        var q = 0;
        Span<byte> buffer = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            var n = rune.EncodeToUtf8(buffer);
            bytes += n;
            q += QLength(buffer[..n]);
        }

        return 4 * ((bytes + 2) / 3) < q;
    }

    /// <summary>
    /// Encodes as many whole characters from <paramref name="text"/>, starting at <paramref name="index"/>, as fit in one
    /// word of at most <paramref name="maxLength"/> characters (at least one character), and advances the index.
    /// </summary>
    public static string TakeWord(string text, ref int index, bool base64, int maxLength)
    {
        maxLength = Math.Clamp(maxLength, MinWordLength, MaxWordLength);
        var payloadLimit = maxLength - Overhead;
        var maxBytes = payloadLimit / 4 * 3;
        Span<byte> buffer = stackalloc byte[4];
        var bytes = new List<byte>(64);
        var qLength = 0;
        var end = index;
        while (end < text.Length)
        {
            Rune.DecodeFromUtf16(text.AsSpan(end), out var rune, out var consumed);
            var n = rune.EncodeToUtf8(buffer);
            var fits = base64 ? bytes.Count + n <= maxBytes : qLength + QLength(buffer[..n]) <= payloadLimit;
            if (!fits && end > index)
            {
                break;
            }

            for (var i = 0; i < n; i++)
            {
                bytes.Add(buffer[i]);
            }

            qLength += QLength(buffer[..n]);
            end += consumed;
        }

        index = end;
        return base64
            ? "=?utf-8?B?" + Convert.ToBase64String([.. bytes]) + "?="
            : "=?utf-8?Q?" + QEncode(bytes) + "?=";
    }

    /// <summary>Encodes all of <paramref name="text"/> as words of at most 75 characters, B or Q whichever is shorter.</summary>
    public static IEnumerable<string> Encode(string text)
    {
        var base64 = PreferBase64(text);
        var index = 0;
        while (index < text.Length)
        {
            yield return TakeWord(text, ref index, base64, MaxWordLength);
        }
    }

    private static int QLength(ReadOnlySpan<byte> bytes)
    {
        var length = 0;
        foreach (var b in bytes)
        {
            length += IsQLiteral(b) || b == ' ' ? 1 : 3;
        }

        return length;
    }

    private static string QEncode(List<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Count * 3);
        foreach (var b in bytes)
        {
            if (IsQLiteral(b))
            {
                sb.Append((char)b);
            }
            else if (b == ' ')
            {
                sb.Append('_');
            }
            else
            {
                sb.Append('=').Append(Hex.Upper[b >> 4]).Append(Hex.Upper[b & 0xF]);
            }
        }

        return sb.ToString();
    }

    private static bool IsQLiteral(byte b) =>
        b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'!' or (byte)'*' or (byte)'+' or (byte)'-' or (byte)'/';
}
