using System.Text;

namespace MailHub.Mail.Mime.Writing;

/// <summary>
/// Splits unstructured header text (Subject, custom headers) into foldable words. Runs of words that cannot be written
/// as they are become one encoded piece, so the spaces between them survive inside the encoding (RFC 2047 §6.2 drops
/// whitespace between adjacent encoded words).
/// </summary>
internal static class UnstructuredText
{
    // A word longer than this could not share a line with the header name; encoded words can be split, it cannot.
    private const int LongestPlainWord = HeaderFolder.HardLimit - 100;

    public static List<HeaderToken> Tokens(string value, bool utf8Headers)
    {
        var tokens = new List<HeaderToken>();
        var text = Clean(value);
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && text[i] is ' ' or '\t')
            {
                i++;
            }

            var leading = text[start..i];
            start = i;
            while (i < text.Length && text[i] is not (' ' or '\t'))
            {
                i++;
            }

            var word = text[start..i];
            if (!NeedsEncoding(word, utf8Headers))
            {
                tokens.Add(HeaderToken.Literal(word, tokens.Count == 0 ? " " : leading));
            }
            else if (tokens.Count > 0 && tokens[^1].Encode)
            {
                tokens[^1] = tokens[^1] with { Text = tokens[^1].Text + leading + word };
            }
            else
            {
                tokens.Add(HeaderToken.Encoded(word, tokens.Count == 0 ? " " : leading));
            }
        }

        return tokens;
    }

    /// <summary>Line breaks inside a value would end the header (and allow header injection): they become spaces.</summary>
    internal static string Clean(string value) =>
        value.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\r', ' ').Replace('\n', ' ').Trim(' ', '\t');

    internal static bool NeedsEncoding(string word, bool utf8Headers)
    {
        foreach (var c in word)
        {
            if (char.IsControl(c) || (c > '~' && !utf8Headers))
            {
                return true;
            }
        }

        // Text that looks like an encoded word would be decoded by the reader: encode it so it reads back as written.
        return (word.Contains("=?", StringComparison.Ordinal) && word.Contains("?=", StringComparison.Ordinal))
            || Encoding.UTF8.GetByteCount(word) > LongestPlainWord;
    }
}
