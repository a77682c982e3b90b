using System.Buffers;
using System.Globalization;
using System.Text;

namespace MailHub.Mail.Smtp.Server.Transport;

/// <summary>
/// MAIL and RCPT lines made digestible for the engine, whose parser takes a parameter twice as a
/// crash (Python's smtplib sends SMTPUTF8 twice when asked to) and reads domains as ASCII: a
/// parameter given again is dropped, and a U-label domain (RFC 6531 §3.2) goes in as its A-label.
/// </summary>
internal static class EnvelopeLine
{
    private static readonly IdnMapping Idn = new();

    /// <summary>The line (with CRLF) to give the engine instead, or null when it is fine as it is.</summary>
    public static byte[]? Rewrite(ReadOnlySequence<byte> line)
    {
        if (line.Length < 5 || line.Length > 4096)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(line);
        if (!text.StartsWith("MAIL ", StringComparison.OrdinalIgnoreCase) && !text.StartsWith("RCPT ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var close = text.IndexOf('>', StringComparison.Ordinal);
        var at = close < 0 ? -1 : text.LastIndexOf('@', close);
        if (close < 0)
        {
            return null;
        }

        var path = text[..(close + 1)];
        if (at >= 0 && !Ascii.IsValid(path.AsSpan(at, close - at)) && !path.AsSpan(at + 1).StartsWith("["))
        {
            try
            {
                path = path[..(at + 1)] + Idn.GetAscii(path[(at + 1)..close]) + ">";
            }
            catch (ArgumentException)
            {
                return null; // not a domain: the engine refuses it as it is
            }
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var parameters = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => seen.Add(p.Split('=')[0]))
            .ToList();
        var rewritten = parameters.Count == 0 ? path : path + " " + string.Join(' ', parameters);
        return rewritten == text ? null : Encoding.UTF8.GetBytes(rewritten + "\r\n");
    }
}
