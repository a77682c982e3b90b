using System.Text;

namespace MailHub.Mail.Mime;

/// <summary>
/// Address lists (RFC 5322 §3.4), leniently: quoted and encoded display names (with commas), comments, groups
/// (members kept), missing domains, internationalized addresses kept as Unicode (RFC 6532).
/// </summary>
public static class AddressList
{
    public static IReadOnlyList<MailboxAddress> Parse(ReadOnlySpan<byte> raw, Encoding? fallback = null) =>
        Parse(HeaderText.DecodeRaw(raw, fallback), fallback);

    public static IReadOnlyList<MailboxAddress> Parse(string text, Encoding? fallback = null)
    {
        var result = new List<MailboxAddress>();
        var words = new List<(string Text, bool Quoted)>();
        string? angle = null;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            switch (c)
            {
                case ' ' or '\t' or '\r' or '\n':
                    i++;
                    words.Add((" ", false));
                    break;
                case '"':
                    words.Add((ReadQuoted(text, ref i), true));
                    break;
                case '(':
                    SkipComment(text, ref i);
                    words.Add((" ", false));
                    break;
                case '<':
                    angle = ReadAngle(text, ref i);
                    break;
                case ',':
                    i++;
                    Emit(result, words, ref angle, fallback);
                    break;
                case ';':
                    i++;
                    Emit(result, words, ref angle, fallback);
                    break;
                case ':' when angle is null:
                    // Group name: drop it, keep the members.
                    i++;
                    words.Clear();
                    break;
                case '=' when i + 1 < text.Length && text[i + 1] == '?' && text.IndexOf("?=", i + 2, StringComparison.Ordinal) is var ewEnd and > 0
                    && text.AsSpan(i, ewEnd - i).IndexOfAny(" \t") < 0:
                    // An encoded word is one word, whatever specials it holds.
                    words.Add((text[i..(ewEnd + 2)], false));
                    i = ewEnd + 2;
                    break;
                default:
                    var start = i;
                    while (i < text.Length && text[i] is not (' ' or '\t' or '\r' or '\n' or '"' or '(' or '<' or ',' or ';' or ':'))
                        i++;
                    if (i == start)
                        i++;
                    words.Add((text[start..i], false));
                    break;
            }
        }
        Emit(result, words, ref angle, fallback);
        return result;
    }

    private static void Emit(List<MailboxAddress> result, List<(string Text, bool Quoted)> words, ref string? angle, Encoding? fallback)
    {
        try
        {
            if (angle is not null)
            {
                var cleaned = CleanAngle(angle);
                if (cleaned.Contains(':', StringComparison.Ordinal) && !cleaned.StartsWith('"'))
                    return; // a group ("undisclosed-recipients:;") written inside angle brackets names no mailbox
                var address = cleaned.Length == 0 ? "<>" : AddrSpec(cleaned);
                var name = DisplayName(words, fallback);
                if (address.Length > 0 || name is not null)
                    result.Add(new MailboxAddress(name, address));
                return;
            }
            // No angle brackets. Usually one addr-spec (whitespace around '.' and '@' is not part of it); mail
            // also has "Name a@b" and "a@b c@d": read those as a human would.
            var chunks = Chunks(words);
            var withAt = chunks.Count(c => c.Text.Contains('@', StringComparison.Ordinal));
            if (withAt > 1 && chunks.All(c => c.Text.Contains('@', StringComparison.Ordinal)))
            {
                foreach (var chunk in chunks)
                    result.Add(new MailboxAddress(null, AddrSpec(chunk.Text, chunk.Quoted)));
                return;
            }
            if (withAt == 1 && chunks.Count > 1 && chunks[^1].Text.Contains('@', StringComparison.Ordinal) && !chunks[^1].Quoted)
            {
                var name = string.Join(' ', chunks.SkipLast(1).Select(c => c.Quoted ? Unquote(c.Text) : c.Text));
                if (name.Contains("=?", StringComparison.Ordinal))
                    name = EncodedWords.Decode(name, fallback);
                result.Add(new MailboxAddress(name.Length == 0 ? null : name, AddrSpec(chunks[^1].Text, false)));
                return;
            }
            if (withAt == 0 && words.Any(w => !w.Quoted && w.Text.StartsWith("=?", StringComparison.Ordinal)))
                return; // only a (encoded) name: no address to read
            var sb = new StringBuilder();
            var hasQuoted = false;
            foreach (var (wordText, quoted) in words)
            {
                if (quoted)
                {
                    hasQuoted = true;
                    sb.Append('"').Append(wordText.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
                }
                else if (wordText != " ")
                {
                    sb.Append(wordText);
                }
            }
            var spec = sb.ToString();
            if (spec.Length > 0)
                result.Add(new MailboxAddress(null, AddrSpec(spec, hasQuoted)));
        }
        finally
        {
            words.Clear();
            angle = null;
        }
    }

    /// <summary>Whitespace-separated chunks of words, where whitespace next to '.' or '@' does not separate.</summary>
    private static List<(string Text, bool Quoted)> Chunks(List<(string Text, bool Quoted)> words)
    {
        var chunks = new List<(string Text, bool Quoted)>();
        var current = new StringBuilder();
        var quoted = false;
        var pendingSpace = false;
        foreach (var (wordText, isQuoted) in words)
        {
            if (wordText == " " && !isQuoted)
            {
                pendingSpace = current.Length > 0;
                continue;
            }
            var joins = current.Length > 0 && (current[^1] is '.' or '@' || wordText[0] is '.' or '@');
            if (pendingSpace && !joins)
            {
                chunks.Add((current.ToString(), quoted));
                current.Clear();
                quoted = false;
            }
            pendingSpace = false;
            if (isQuoted)
            {
                quoted = true;
                current.Append('"').Append(wordText.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                current.Append(wordText);
            }
        }
        if (current.Length > 0)
            chunks.Add((current.ToString(), quoted));
        return chunks;
    }

    /// <summary>Display name: words joined by single spaces, encoded words decoded (also inside quotes), null when empty.</summary>
    private static string? DisplayName(List<(string Text, bool Quoted)> words, Encoding? fallback)
    {
        var sb = new StringBuilder();
        var space = false;
        foreach (var (wordText, _) in words)
        {
            if (wordText == " ")
            {
                space = sb.Length > 0;
                continue;
            }
            if (space)
                sb.Append(' ');
            space = false;
            sb.Append(wordText);
        }
        var name = sb.ToString();
        if (name.Contains("=?", StringComparison.Ordinal))
            name = EncodedWords.Decode(name, fallback);
        return name.Length == 0 ? null : name;
    }

    private static string CleanAngle(string angle)
    {
        // Drop comments, whitespace, and an obsolete source route (@a,@b:).
        var sb = new StringBuilder(angle.Length);
        for (var i = 0; i < angle.Length;)
        {
            var c = angle[i];
            if (c == '(')
            {
                SkipComment(angle, ref i);
                continue;
            }
            if (c == '"')
            {
                var start = i;
                ReadQuoted(angle, ref i);
                sb.Append(angle, start, i - start);
                continue;
            }
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                // Whitespace between two words (not around '.' or '@') is kept as one space.
                var next = i + 1;
                while (next < angle.Length && angle[next] is ' ' or '\t' or '\r' or '\n')
                    next++;
                if (sb.Length > 0 && next < angle.Length && sb[^1] is not ('.' or '@') && angle[next] is not ('.' or '@' or '('))
                    sb.Append(' ');
                i = next;
                continue;
            }
            sb.Append(c);
            i++;
        }
        var s = sb.ToString();
        if (s.StartsWith('@') && s.IndexOf(':', StringComparison.Ordinal) is var colon and > 0)
            s = s[(colon + 1)..];
        return s;
    }

    /// <summary>local@domain with the local part unquoted, then quoted again only where it must be.</summary>
    private static string AddrSpec(string spec, bool hasQuoted = true)
    {
        var at = LastAtOutsideQuotes(spec);
        var local = at < 0 ? spec : spec[..at];
        var domain = at < 0 ? null : spec[(at + 1)..];
        if (hasQuoted || local.Contains('"', StringComparison.Ordinal))
            local = Unquote(local);
        if (local.AsSpan().IndexOfAny("()<>@,:;\\\"[] \t") >= 0)
            local = "\"" + local.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        return string.IsNullOrEmpty(domain) ? local : local + "@" + domain;
    }

    private static int LastAtOutsideQuotes(string spec)
    {
        var inQuotes = false;
        var at = -1;
        for (var i = 0; i < spec.Length; i++)
        {
            if (spec[i] == '\\' && inQuotes)
                i++;
            else if (spec[i] == '"')
                inQuotes = !inQuotes;
            else if (spec[i] == '@' && !inQuotes)
                at = i;
        }
        return at;
    }

    private static string Unquote(string local)
    {
        var sb = new StringBuilder(local.Length);
        for (var i = 0; i < local.Length; i++)
        {
            if (local[i] == '"')
                continue;
            if (local[i] == '\\' && i + 1 < local.Length)
                i++;
            sb.Append(local[i]);
        }
        return sb.ToString();
    }

    private static string ReadQuoted(string text, ref int i)
    {
        var sb = new StringBuilder();
        i++;
        while (i < text.Length && text[i] != '"')
        {
            if (text[i] == '\\' && i + 1 < text.Length)
                i++;
            if (text[i] is not ('\r' or '\n'))
                sb.Append(text[i]);
            i++;
        }
        i++;
        return sb.ToString();
    }

    private static string ReadAngle(string text, ref int i)
    {
        var start = ++i;
        var inQuotes = false;
        while (i < text.Length && (inQuotes || text[i] != '>'))
        {
            if (text[i] == '\\' && inQuotes)
                i++;
            else if (text[i] == '"')
                inQuotes = !inQuotes;
            i++;
        }
        var end = Math.Min(i, text.Length);
        i++;
        return text[start..end];
    }

    private static void SkipComment(string text, ref int i)
    {
        var depth = 0;
        for (; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '(')
            {
                depth++;
            }
            else if (text[i] == ')' && --depth == 0)
            {
                i++;
                return;
            }
        }
    }
}
