using System.Text;

namespace MailHub.Mail.Mime.Writing;

/// <summary>
/// A parameter value that is not short ASCII, written per RFC 2231: <c>filename*=utf-8''%E8%AE%A2...</c>, or split into
/// continuations <c>filename*0*=utf-8''...; filename*1*=...</c> that each fit on a folded line. A continuation never
/// splits a character, so readers that decode each piece on its own still read the name right.
/// </summary>
internal static class Rfc2231Encoder
{
    private const string CharsetPrefix = "utf-8''";

    /// <param name="name">The parameter name, e.g. "filename".</param>
    /// <param name="value">The value to encode.</param>
    /// <param name="suffix">Glued after the last piece (";" when more parameters follow).</param>
    public static IEnumerable<HeaderToken> Tokens(string name, string value, string suffix)
    {
        var encoded = PercentEncodeRunes(value).ToList();
        var whole = CharsetPrefix + string.Concat(encoded);
        var single = $"{name}*={whole}{suffix}";
        if (1 + single.Length <= HeaderFolder.SoftLimit)
        {
            yield return HeaderToken.Literal(single);
            yield break;
        }

        var piece = new StringBuilder();
        var number = 0;
        string Head() => number == 0 ? $"{name}*0*={CharsetPrefix}" : $"{name}*{number}*=";

        foreach (var rune in encoded)
        {
            // Each continuation sits on its own line: " " + head + value + ";".
            if (piece.Length > 0 && 1 + Head().Length + piece.Length + rune.Length + 1 > HeaderFolder.SoftLimit)
            {
                yield return HeaderToken.Literal($"{Head()}{piece};");
                piece.Clear();
                number++;
            }

            piece.Append(rune);
        }

        yield return HeaderToken.Literal($"{Head()}{piece}{suffix}");
    }

    // One string per character: its bytes as attr-chars or %XX (RFC 2231 §7).
    private static IEnumerable<string> PercentEncodeRunes(string value)
    {
        var buffer = new byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            var n = rune.EncodeToUtf8(buffer);
            var sb = new StringBuilder(n * 3);
            for (var i = 0; i < n; i++)
            {
                var b = buffer[i];
                if (IsAttributeChar(b))
                {
                    sb.Append((char)b);
                }
                else
                {
                    sb.Append('%').Append(Hex.Upper[b >> 4]).Append(Hex.Upper[b & 0xF]);
                }
            }

            yield return sb.ToString();
        }
    }

    // RFC 2231 attribute-char: token characters except "*", "'" and "%" (and RFC 2045 tspecials).
    private static bool IsAttributeChar(byte b) =>
        b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'!' or (byte)'#' or (byte)'$' or (byte)'&' or (byte)'+' or (byte)'-' or (byte)'.' or (byte)'^'
            or (byte)'_' or (byte)'`' or (byte)'|' or (byte)'~';
}
