using System.Text;

namespace MailHub.Mail.Mime;

/// <summary>Splits "type/subtype; a=1; b="x"" style values, and reads parameters back with RFC 2231 and RFC 2047 applied.</summary>
internal static class ParameterList
{
    /// <summary>Parses parameters starting after the first ';' (lenient: unquoted values run to the next ';').</summary>
    public static MimeParameter[] Parse(string value, int start)
    {
        List<MimeParameter>? list = null;
        var i = start;
        while (i < value.Length)
        {
            while (i < value.Length && (value[i] == ';' || IsSpace(value[i])))
                i++;
            if (i >= value.Length)
                break;
            if (value[i] == '(')
            {
                i = SkipComment(value, i);
                continue;
            }
            var nameStart = i;
            while (i < value.Length && value[i] != '=' && value[i] != ';')
                i++;
            var name = value[nameStart..i].Trim();
            if (i >= value.Length || value[i] == ';')
            {
                continue;
            }
            i++; // '='
            while (i < value.Length && IsSpace(value[i]))
                i++;
            string raw;
            if (i < value.Length && value[i] == '"')
            {
                var sb = new StringBuilder();
                i++;
                while (i < value.Length && value[i] != '"')
                {
                    if (value[i] == '\\' && i + 1 < value.Length)
                        i++;
                    sb.Append(value[i]);
                    i++;
                }
                i++; // closing quote (or end)
                raw = sb.ToString();
                while (i < value.Length && value[i] != ';')
                    i++;
            }
            else
            {
                var valueStart = i;
                while (i < value.Length && value[i] != ';')
                    i++;
                raw = StripTrailingComment(value[valueStart..i]).Trim();
            }
            if (name.Length > 0)
                (list ??= []).Add(new MimeParameter(name.ToLowerInvariant(), raw));
        }
        return list is null ? [] : [.. list];
    }

    /// <summary>The raw value of a parameter (first one wins), no decoding.</summary>
    public static string? GetRaw(MimeParameter[] parameters, string name)
    {
        foreach (var p in parameters)
        {
            if (p.Name == name)
                return p.RawValue;
        }
        return null;
    }

    /// <summary>
    /// A parameter's text: RFC 2231 <c>name*</c> or <c>name*0*</c>.. sections win over plain <c>name</c>; a plain value
    /// may hold encoded words (non-standard, everywhere) or raw 8-bit text.
    /// </summary>
    public static string? Get(MimeParameter[] parameters, string name, Encoding? fallback)
    {
        var extended = GetExtended(parameters, name, fallback);
        if (extended is not null)
            return extended;
        var raw = GetRaw(parameters, name);
        if (raw is null)
            return null;
        var text = IsLatin1Ascii(raw) ? raw : Charsets.DecodeRaw(Latin1Bytes(raw), fallback);
        return text.Contains("=?", StringComparison.Ordinal) ? EncodedWords.Decode(text, fallback) : text;
    }

    private static string? GetExtended(MimeParameter[] parameters, string name, Encoding? fallback)
    {
        // name* alone, or sections name*0, name*0*, name*1 ...
        MimeParameter? single = null;
        SortedDictionary<int, (string Value, bool Encoded)>? sections = null;
        foreach (var p in parameters)
        {
            if (p.Name.Length <= name.Length || !p.Name.StartsWith(name, StringComparison.Ordinal) || p.Name[name.Length] != '*')
                continue;
            var rest = p.Name.AsSpan(name.Length + 1);
            if (rest.IsEmpty)
            {
                single ??= p;
                continue;
            }
            var encoded = rest[^1] == '*';
            if (encoded)
                rest = rest[..^1];
            if (int.TryParse(rest, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
            {
                sections ??= [];
                sections.TryAdd(index, (p.RawValue, encoded));
            }
        }
        if (single is { } s)
            return DecodeExtended([(s.RawValue, true)], fallback);
        if (sections is null)
            return null;
        return DecodeExtended([.. sections.Values], fallback);
    }

    private static string DecodeExtended(List<(string Value, bool Encoded)> sections, Encoding? fallback)
    {
        string? charset = null;
        var bytes = new List<byte>();
        for (var n = 0; n < sections.Count; n++)
        {
            var (value, encoded) = sections[n];
            if (n == 0 && encoded)
            {
                // charset'language'text; tolerate a missing language part.
                var q1 = value.IndexOf('\'', StringComparison.Ordinal);
                var q2 = q1 < 0 ? -1 : value.IndexOf('\'', q1 + 1);
                if (q2 > 0)
                {
                    charset = value[..q1];
                    value = value[(q2 + 1)..];
                }
            }
            if (encoded)
                PercentDecode(value, bytes);
            else
                bytes.AddRange(Latin1Bytes(value));
        }
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes);
        var text = Charsets.Decode(span, charset, fallback);
        return text.Contains("=?", StringComparison.Ordinal) && charset is null ? EncodedWords.Decode(text, fallback) : text;
    }

    private static void PercentDecode(string value, List<byte> output)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%' && i + 2 < value.Length + 0 && Hex.TryValue(value[i + 1], out var hi) && Hex.TryValue(value[i + 2], out var lo))
            {
                output.Add((byte)((hi << 4) | lo));
                i += 2;
            }
            else
            {
                output.Add((byte)c);
            }
        }
    }

    internal static byte[] Latin1Bytes(string s) => Encoding.Latin1.GetBytes(s);

    internal static bool IsLatin1Ascii(string s) => System.Text.Ascii.IsValid(s);

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static int SkipComment(string value, int i)
    {
        var depth = 0;
        for (; i < value.Length; i++)
        {
            if (value[i] == '\\')
                i++;
            else if (value[i] == '(')
                depth++;
            else if (value[i] == ')' && --depth == 0)
                return i + 1;
        }
        return i;
    }

    private static string StripTrailingComment(string value)
    {
        var trimmed = value.TrimEnd();
        if (trimmed.EndsWith(')') && trimmed.IndexOf('(', StringComparison.Ordinal) is var open and > 0)
            return trimmed[..open];
        return value;
    }
}
