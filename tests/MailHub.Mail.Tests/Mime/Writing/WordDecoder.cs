using System.Text;
using System.Text.RegularExpressions;

namespace MailHub.Mail.Tests.Mime.Writing;

/// <summary>
/// A minimal, independent RFC 2047 / RFC 2231 reader for tests: unfolds a header, decodes encoded words (dropping the
/// whitespace between adjacent ones) and percent-decodes continuations, so a test can compare with the original text.
/// </summary>
internal static partial class WordDecoder
{
    public static string Unfold(string field) => field.Replace("\r\n", string.Empty, StringComparison.Ordinal);

    /// <summary>The decoded value of a header field "Name: value" (folded or not).</summary>
    public static string HeaderValue(string field)
    {
        var value = Unfold(field);
        value = value[(value.IndexOf(':', StringComparison.Ordinal) + 1)..].TrimStart();
        return DecodeWords(value.TrimEnd());
    }

    public static string DecodeWords(string text)
    {
        // Whitespace between two encoded words is not part of the text (RFC 2047 §6.2).
        var joined = AdjacentWords().Replace(text, "$1");
        return Word().Replace(joined, m =>
        {
            var payload = m.Groups["text"].Value;
            var bytes = m.Groups["enc"].Value.ToUpperInvariant() == "B"
                ? Convert.FromBase64String(payload)
                : QDecode(payload);
            return Encoding.UTF8.GetString(bytes);
        });
    }

    /// <summary>Joins filename*0*=..., filename*1*=... (or filename*=...) from a Content-Disposition field and decodes it.</summary>
    public static string Rfc2231Value(string field, string name)
    {
        var value = Unfold(field);
        var single = Regex.Match(value, $@"\b{name}\*=([^;\s]+)");
        var encoded = single.Success
            ? single.Groups[1].Value
            : string.Concat(Regex.Matches(value, $@"\b{name}\*(\d+)\*=([^;\s]+)")
                .OrderBy(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
                .Select(m => m.Groups[2].Value));
        Assert.StartsWith("utf-8''", encoded, StringComparison.Ordinal);
        return Uri.UnescapeDataString(encoded["utf-8''".Length..]);
    }

    private static byte[] QDecode(string text)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '_')
            {
                bytes.Add((byte)' ');
            }
            else if (text[i] == '=')
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.Add((byte)text[i]);
            }
        }

        return [.. bytes];
    }

    [GeneratedRegex(@"=\?(?<cs>[^?]+)\?(?<enc>[BbQq])\?(?<text>[^?]*)\?=")]
    private static partial Regex Word();

    [GeneratedRegex(@"(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?[^?]+\?[BbQq]\?[^?]*\?=)")]
    private static partial Regex AdjacentWords();
}
