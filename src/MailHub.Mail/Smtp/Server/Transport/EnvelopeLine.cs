using System.Buffers;
using System.Globalization;
using System.Text;

namespace MailHub.Mail.Smtp.Server.Transport;

/// <summary>
/// MAIL and RCPT lines checked and made digestible for the engine. A parameter we do not offer is
/// refused 555 5.5.4 (RFC 5321 §4.1.1.11; the engine would take it silently). The engine's parser
/// takes a parameter twice as a crash (Python's smtplib sends SMTPUTF8 twice when asked to) and reads
/// domains as ASCII: a parameter given again is dropped, and a U-label domain (RFC 6531 §3.2) goes in
/// as its A-label.
/// </summary>
internal static class EnvelopeLine
{
    private static readonly IdnMapping Idn = new();

    /// <summary>
    /// Null when the line may go to the engine, with <paramref name="rewritten"/> (with CRLF) to give
    /// it instead when not null; else the reply that refuses it.
    /// </summary>
    public static string? Inspect(ReadOnlySequence<byte> line, CommandLine command, out byte[]? rewritten)
    {
        rewritten = null;
        if (command.Verb is not ("MAIL" or "RCPT") || line.Length > 4096)
        {
            return null;
        }

        if (IsPlain(line))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(line);
        var close = text.IndexOf('>', StringComparison.Ordinal);
        if (close < 0)
        {
            return null;
        }

        var path = text[..(close + 1)];
        var at = text.LastIndexOf('@', close);
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
        var parameters = new List<string>();
        foreach (var parameter in text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = parameter.IndexOf('=', StringComparison.Ordinal) is var eq and >= 0 ? (parameter[..eq], parameter[(eq + 1)..]) : (parameter, null);
            if (Refusal(command.Verb, key, value) is { } refusal)
            {
                return refusal;
            }

            if (seen.Add(key))
            {
                parameters.Add(parameter);
            }
        }

        var result = parameters.Count == 0 ? path : path + " " + string.Join(' ', parameters);
        rewritten = result == text ? null : Encoding.UTF8.GetBytes(result + "\r\n");
        return null;
    }

    /// <summary>The common case, checked without decoding: an ASCII path and no parameters.</summary>
    private static bool IsPlain(ReadOnlySequence<byte> line)
    {
        if (!line.IsSingleSegment)
        {
            return false;
        }

        var bytes = line.FirstSpan;
        var close = bytes.IndexOf((byte)'>');
        return close >= 0 && bytes[(close + 1)..].TrimEnd((byte)' ').IsEmpty && Ascii.IsValid(bytes);
    }

    /// <summary>What we offer in EHLO: SIZE (RFC 1870), BODY (RFC 6152), SMTPUTF8 (RFC 6531), AUTH= (RFC 4954 §5) on MAIL; nothing on RCPT.</summary>
    private static string? Refusal(string verb, string key, string? value) => (verb, key.ToUpperInvariant(), value?.ToUpperInvariant()) switch
    {
        ("MAIL", "SIZE", not null) or ("MAIL", "BODY", "7BIT" or "8BITMIME") or ("MAIL", "SMTPUTF8", null) or ("MAIL", "AUTH", not null) => null,
        ("MAIL", "BODY", _) => "555 5.5.4 Unsupported BODY type",
        _ => $"555 5.5.4 {verb} {(verb == "MAIL" ? "FROM" : "TO")} parameter not recognized or not implemented",
    };
}
