using System.Buffers;
using System.Text;

namespace MailHub.Mail.Mime;

/// <summary>
/// RFC 2047 encoded words. Adjacent words of one charset are joined as bytes before decoding, because senders split
/// a multibyte character across two words; whitespace between encoded words is dropped (RFC 2047 §6.2).
/// </summary>
public static class EncodedWords
{
    /// <summary>Decodes every encoded word in text; text without "=?" comes back as is.</summary>
    public static string Decode(string text, Encoding? fallback = null)
    {
        var start = text.IndexOf("=?", StringComparison.Ordinal);
        if (start < 0)
            return text;
        var sb = new StringBuilder(text.Length);
        sb.Append(text, 0, start);
        var pending = new ArrayBufferWriter<byte>(64);
        string? pendingCharset = null;
        var i = start;
        var whitespaceStart = -1;
        var lastWasWord = false;
        while (i < text.Length)
        {
            if (text[i] == '=' && i + 1 < text.Length && text[i + 1] == '?' && TryParse(text, i, out var word))
            {
                if (pendingCharset is not null && !string.Equals(pendingCharset, word.Charset, StringComparison.OrdinalIgnoreCase))
                    Flush(sb, pending, ref pendingCharset, fallback);
                // Whitespace between two encoded words is not text; between text and a word it is.
                if (whitespaceStart >= 0 && !lastWasWord)
                    sb.Append(text, whitespaceStart, i - whitespaceStart);
                whitespaceStart = -1;
                pendingCharset = word.Charset;
                DecodePayload(text.AsSpan(word.TextStart, word.TextLength), word.IsBase64, pending);
                lastWasWord = true;
                i = word.End;
                continue;
            }
            if (text[i] is ' ' or '\t')
            {
                if (whitespaceStart < 0)
                    whitespaceStart = i;
                i++;
                continue;
            }
            Flush(sb, pending, ref pendingCharset, fallback);
            if (whitespaceStart >= 0)
            {
                sb.Append(text, whitespaceStart, i - whitespaceStart);
                whitespaceStart = -1;
            }
            lastWasWord = false;
            sb.Append(text[i]);
            i++;
        }
        Flush(sb, pending, ref pendingCharset, fallback);
        if (whitespaceStart >= 0)
            sb.Append(text, whitespaceStart, text.Length - whitespaceStart);
        return sb.ToString();
    }

    private static void Flush(StringBuilder sb, ArrayBufferWriter<byte> pending, ref string? charset, Encoding? fallback)
    {
        if (charset is null)
            return;
        sb.Append(Charsets.Decode(pending.WrittenSpan, charset, fallback));
        pending.ResetWrittenCount();
        charset = null;
    }

    private readonly record struct Word(string Charset, bool IsBase64, int TextStart, int TextLength, int End);

    private static bool TryParse(string text, int at, out Word word)
    {
        word = default;
        var q1 = text.IndexOf('?', at + 2);
        if (q1 < 0 || q1 == at + 2 || q1 + 2 >= text.Length || text[q1 + 2] != '?')
            return false;
        var encoding = text[q1 + 1];
        if (encoding is not ('B' or 'b' or 'Q' or 'q'))
            return false;
        var textStart = q1 + 3;
        var end = text.IndexOf("?=", textStart, StringComparison.Ordinal);
        if (end < 0)
            return false;
        for (var k = at + 2; k < end; k++)
        {
            if (text[k] is ' ' or '\t' or '\r' or '\n')
                return false;
        }
        word = new Word(text[(at + 2)..q1], encoding is 'B' or 'b', textStart, end - textStart, end + 2);
        return true;
    }

    private static bool IsPlausibleBase64(ReadOnlySpan<char> payload)
    {
        var data = 0;
        var padding = false;
        foreach (var c in payload)
        {
            if (c == '=')
                padding = true;
            else if (char.IsAsciiLetterOrDigit(c) || c is '+' or '/')
                data++;
        }
        return data % 4 != 1 && !(padding && data % 4 == 0);
    }

    private static void DecodePayload(ReadOnlySpan<char> payload, bool base64, ArrayBufferWriter<byte> output)
    {
        if (base64)
        {
            if (!IsPlausibleBase64(payload))
            {
                // Broken beyond repair (length 1 mod 4, padding after a full group): keep the text as written.
                var raw = output.GetSpan(payload.Length);
                for (var k = 0; k < payload.Length; k++)
                    raw[k] = (byte)payload[k];
                output.Advance(payload.Length);
                return;
            }
            Span<byte> ascii = payload.Length <= 512 ? stackalloc byte[payload.Length] : new byte[payload.Length];
            for (var k = 0; k < payload.Length; k++)
                ascii[k] = (byte)payload[k];
            var decoder = default(Base64Decoder);
            var span = output.GetSpan((payload.Length * 3 / 4) + 4);
            var n = decoder.Decode(ascii, span);
            n += decoder.Finish(span[n..]);
            output.Advance(n);
            return;
        }
        var target = output.GetSpan(payload.Length);
        var m = 0;
        for (var k = 0; k < payload.Length; k++)
        {
            var c = payload[k];
            if (c == '_')
            {
                target[m++] = (byte)' ';
            }
            else if (c == '=' && k + 2 < payload.Length + 0 && Hex.TryValue(payload[k + 1], out var hi) && Hex.TryValue(payload[k + 2], out var lo))
            {
                target[m++] = (byte)((hi << 4) | lo);
                k += 2;
            }
            else
            {
                target[m++] = (byte)c;
            }
        }
        output.Advance(m);
    }
}
