namespace MailHub.Mail.Mime;

/// <summary>
/// Where real mail's header section (RFC 5322 §2.2) is broken in ways MimeKit reads differently from every other
/// reader: a line of spaces before the first field (MimeKit refuses the message), a line that is no field before the
/// blank line (MimeKit drops it and reads on: the body is then lost). We find those in the first bytes and rewrite the message so that MimeKit sees the
/// header section end where other readers see it.
/// A line of spaces inside the section is a folded line, as for those readers (the field above goes on). Whitespace before the colon is allowed (RFC 5322 §4.5, obsolete).
/// </summary>
internal static class HeaderSection
{
    /// <summary>A rewrite: drop [0, Start); put a line break at Cut in place of the bytes [Cut, Resume) (Cut -1: none).</summary>
    public readonly record struct Repair(int Start, int Cut, int Resume, string Problem);

    public static Repair? Find(ReadOnlySpan<byte> content)
    {
        var start = 0;
        // Lines of spaces before the first field.
        while (LineEnd(content, start) is var end and > 0 && IsBlank(content[start..end]) && content[start] is (byte)' ' or (byte)'\t')
            start = end;
        var position = start;
        // An mbox envelope line ("From sender date") before the first field: MimeKit and other readers skip it.
        if (content[position..].StartsWith("From "u8) && LineEnd(content, position) is var envelope and > 0)
            position = envelope;
        while (position < content.Length)
        {
            var end = LineEnd(content, position);
            if (end < 0)
                break; // the prefix ends inside the header section: nothing more to say
            var line = content[position..end];
            if (line[0] is (byte)'\r' or (byte)'\n')
                break; // the blank line: a well-formed end
            // A folded line (even one of spaces only: other readers fold it too) continues the field above.
            if (line[0] is not ((byte)' ' or (byte)'\t') && !IsField(line))
            {
                return new Repair(start, position, position, "no blank line after the header section: the body starts at the first line that is no header field");
            }
            position = end;
        }
        return start > 0 ? new Repair(start, -1, -1, "the message begins with a line of spaces; it was skipped") : null;
    }

    /// <summary>The repaired message.</summary>
    public static byte[] Apply(ReadOnlySpan<byte> content, Repair repair)
    {
        if (repair.Cut < 0)
            return content[repair.Start..].ToArray();
        var eol = content[..repair.Cut].EndsWith("\r\n"u8) ? "\r\n"u8 : "\n"u8;
        return [.. content[repair.Start..repair.Cut], .. eol, .. content[repair.Resume..]];
    }

    private static int LineEnd(ReadOnlySpan<byte> content, int from)
    {
        if (from >= content.Length)
            return -1;
        var lf = content[from..].IndexOf((byte)'\n');
        return lf < 0 ? -1 : from + lf + 1;
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.TrimEnd("\r\n"u8).Trim(" \t"u8).IsEmpty;

    /// <summary>field-name (printable ASCII but colon, RFC 5322 §3.6.8), optional whitespace, colon.</summary>
    private static bool IsField(ReadOnlySpan<byte> line)
    {
        var i = 0;
        while (i < line.Length && line[i] is > 32 and < 127 and not (byte)':')
            i++;
        if (i == 0)
            return false;
        while (i < line.Length && line[i] is (byte)' ' or (byte)'\t')
            i++;
        return i < line.Length && line[i] == ':';
    }
}
