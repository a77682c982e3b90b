namespace MailHub.Mail.Mime;

/// <summary>
/// "B" encoded words (RFC 2047 §4.1) whose base64 text has the wrong padding ("=?NONE?B?VEVTVA=?="): MimeKit decodes
/// the whole groups only and drops the last letters; other readers pad the text and decode all of it. We re-pad the
/// text in the raw header value, which MimeKit then decodes whole. Text that cannot be base64 (one letter too many,
/// padding after whole groups) is shown as written, without the word's delimiters, as other readers show it.
/// </summary>
internal static class EncodedWordPadding
{
    /// <summary>The value with its B words re-padded, or null when none needed it (nearly always).</summary>
    public static byte[]? Repad(ReadOnlySpan<byte> raw)
    {
        if (raw.IndexOf("=?"u8) < 0)
            return null;
        List<byte>? result = null;
        var copied = 0;
        for (var at = raw.IndexOf("=?"u8); at >= 0;)
        {
            var next = -1;
            if (Word(raw, at) is var (textStart, textEnd) && textEnd > textStart)
            {
                var written = raw[textStart..textEnd];
                var text = written.TrimEnd((byte)'=');
                var padded = text.Length % 4 == 0 ? text.Length : text.Length + 4 - (text.Length % 4);
                if (text.Length % 4 == 1 || (text.Length % 4 == 0 && written.Length != text.Length))
                {
                    // Not base64 (a lone letter, padding after whole groups): shown as the text it is, as other readers do.
                    result ??= new List<byte>(raw.Length);
                    result.AddRange(raw[copied..at]);
                    result.AddRange(written);
                    copied = textEnd + 2;
                }
                else if (padded != written.Length)
                {
                    result ??= new List<byte>(raw.Length + 4);
                    result.AddRange(raw[copied..textStart]);
                    result.AddRange(text);
                    for (var i = text.Length; i < padded; i++)
                        result.Add((byte)'=');
                    copied = textEnd;
                }
                next = textEnd + 2;
            }
            var from = next < 0 ? at + 2 : next;
            var found = from < raw.Length ? raw[from..].IndexOf("=?"u8) : -1;
            at = found < 0 ? -1 : from + found;
        }
        if (result is null)
            return null;
        result.AddRange(raw[copied..]);
        return [.. result];
    }

    /// <summary>For "=?charset?B?text?=" at <paramref name="at"/>: where its text starts and ends; null for any other word.</summary>
    private static (int Start, int End)? Word(ReadOnlySpan<byte> raw, int at)
    {
        var charsetEnd = raw[(at + 2)..].IndexOf((byte)'?');
        if (charsetEnd < 0)
            return null;
        var b = at + 2 + charsetEnd + 1;
        if (b + 1 >= raw.Length || raw[b] is not ((byte)'B' or (byte)'b') || raw[b + 1] != '?')
            return null;
        var start = b + 2;
        var end = raw[start..].IndexOf("?="u8);
        return end < 0 ? null : (start, start + end);
    }
}
