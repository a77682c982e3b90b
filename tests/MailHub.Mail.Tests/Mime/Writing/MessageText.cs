using System.Text;

namespace MailHub.Mail.Tests.Mime.Writing;

/// <summary>Helpers to look at written output: lines, header fields, the limits every line must keep.</summary>
internal static class MessageText
{
    public static string[] Lines(string raw)
    {
        Assert.EndsWith("\r\n", raw, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?<!\r)\n", raw);
        Assert.DoesNotMatch(@"\r(?!\n)", raw);
        return raw[..^2].Split("\r\n");
    }

    /// <summary>
    /// Every line at most 998 octets (RFC 5322 §2.1.1), and when <paramref name="soft"/> at most 78 characters unless
    /// it is one piece with no whitespace to fold at (a field name and one long token). An encoded word may be 76
    /// characters: MimeKit writes them one over RFC 2047 §2's 75, which every parser we tried reads; what matters is
    /// that a long value is split into many words rather than one that grows with the text.
    /// </summary>
    public static void AssertLineLimits(string raw, bool soft = true)
    {
        foreach (var line in Lines(raw))
        {
            Assert.True(Encoding.UTF8.GetByteCount(line) <= 998, $"line over 998 octets: {line}");
            if (soft && line.Length > 78)
            {
                var value = line.TrimStart(' ', '\t');
                var colon = value.IndexOf(": ", StringComparison.Ordinal);
                var piece = colon > 0 && !value[..colon].Contains(' ', StringComparison.Ordinal) ? value[(colon + 2)..] : value;
                // MimeKit folds References counting each id without its angle brackets (MimeMessage.ReferencesChanged),
                // so a line of ids may run over by two characters an id; a References never folded still fails.
                var ids = piece.Split(' ');
                if (ids.All(id => id.StartsWith('<') && id.EndsWith('>')) && line.Length <= 78 + (2 * ids.Length))
                    continue;
                Assert.False(piece.Contains(' ', StringComparison.Ordinal) || piece.Contains('\t', StringComparison.Ordinal),
                    $"line over 78 characters ({line.Length}) that could have been folded: {line}");
                Assert.False(piece.StartsWith("=?", StringComparison.Ordinal) && piece.Length > 76, $"encoded word over 76 characters: {line}");
            }
        }
    }

    /// <summary>The header fields of the top-level header section, each with its folds and final CRLF.</summary>
    public static List<string> Fields(string raw)
    {
        var header = raw[..(raw.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 2)];
        var fields = new List<string>();
        foreach (var line in header[..^2].Split("\r\n"))
        {
            if (line.Length > 0 && line[0] is ' ' or '\t')
            {
                fields[^1] += line + "\r\n";
            }
            else
            {
                fields.Add(line + "\r\n");
            }
        }

        return fields;
    }

    public static string? FindField(string raw, string name) =>
        Fields(raw).FirstOrDefault(f => f.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase));

    public static string Field(string raw, string name) =>
        FindField(raw, name) ?? throw new Xunit.Sdk.XunitException($"no {name} field in:\n{raw}");
}
