using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace MailHub.Mail.Smtp.Server.Transport;

/// <summary>
/// MAIL and RCPT lines checked and made digestible for the engine. A parameter we do not offer is
/// refused 555 5.5.4 (RFC 5321 §4.1.1.11; the engine would take it silently). A non-ASCII address
/// in a transaction whose MAIL did not declare SMTPUTF8 is refused 553 5.6.7 (RFC 6531 §3.5; the
/// engine would take it), and one that is not UTF-8 at all 501 5.6.7. The engine's parser takes a
/// parameter twice as a crash (Python's smtplib sends SMTPUTF8 twice when asked to), reads domains
/// as ASCII and wants a domain on every path: a parameter given again is dropped, a U-label domain
/// (RFC 6531 §3.2) goes in as its A-label, and the bare "postmaster" with a stand-in domain
/// (<see cref="BarePostmaster"/>).
/// </summary>
internal static class EnvelopeLine
{
    private static readonly IdnMapping Idn = new();

    /// <summary>
    /// Null when the line may go to the engine, with <paramref name="rewritten"/> (with CRLF) to give
    /// it instead when not null; else the reply that refuses it. <paramref name="smtpUtf8"/> says
    /// whether the transaction's MAIL declared SMTPUTF8 (for RCPT); <paramref name="declaresSmtpUtf8"/>
    /// whether this MAIL does.
    /// </summary>
    public static string? Inspect(ReadOnlySequence<byte> line, CommandLine command, bool smtpUtf8, out byte[]? rewritten, out bool declaresSmtpUtf8)
    {
        rewritten = null;
        declaresSmtpUtf8 = false;
        if (command.Verb is not ("MAIL" or "RCPT") || line.Length > 4096)
        {
            return null;
        }

        if (IsPlain(line, command))
        {
            return null;
        }

        var bytes = line.IsSingleSegment ? line.FirstSpan : line.ToArray();
        var text = Encoding.UTF8.GetString(bytes);
        var open = text.IndexOf('<', StringComparison.Ordinal);
        var close = text.IndexOf('>', StringComparison.Ordinal);
        if (open < 0 || close < open)
        {
            return null;
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

        if (command.Verb == "MAIL")
        {
            smtpUtf8 = declaresSmtpUtf8 = seen.Contains("SMTPUTF8");
        }

        var path = text[..(close + 1)];
        if (!Ascii.IsValid(path))
        {
            if (!smtpUtf8)
            {
                return "553 5.6.7 Non-ASCII address requires MAIL FROM:<...> SMTPUTF8"; // RFC 6531 §3.5
            }

            if (!Utf8.IsValid(bytes[..(bytes.IndexOf((byte)'>') + 1)]))
            {
                return "501 5.6.7 Address is not valid UTF-8, send it in UTF-8 (RFC 6531 §3.3)";
            }
        }

        var at = text.LastIndexOf('@', close);
        if (at > open && !Ascii.IsValid(path.AsSpan(at, close - at)) && !path.AsSpan(at + 1).StartsWith("["))
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
        else if (at < open && command.Verb == "RCPT" && BarePostmaster.Is(path.AsSpan(open + 1, close - open - 1)))
        {
            path = path[..close] + "@" + BarePostmaster.StandInDomain + ">";
        }

        var result = parameters.Count == 0 ? path : path + " " + string.Join(' ', parameters);
        rewritten = result == text ? null : Encoding.UTF8.GetBytes(result + "\r\n");
        return null;
    }

    /// <summary>The common case, checked without decoding: an ASCII path (with a domain, for RCPT) and no parameters.</summary>
    private static bool IsPlain(ReadOnlySequence<byte> line, CommandLine command)
    {
        if (!line.IsSingleSegment)
        {
            return false;
        }

        var bytes = line.FirstSpan;
        var close = bytes.IndexOf((byte)'>');
        return close >= 0 && bytes[(close + 1)..].TrimEnd((byte)' ').IsEmpty && Ascii.IsValid(bytes)
            && (command.Verb == "MAIL" || bytes[..close].Contains((byte)'@'));
    }

    /// <summary>What we offer in EHLO: SIZE (RFC 1870), BODY (RFC 6152), SMTPUTF8 (RFC 6531), AUTH= (RFC 4954 §5) on MAIL; nothing on RCPT.</summary>
    private static string? Refusal(string verb, string key, string? value) => (verb, key.ToUpperInvariant(), value?.ToUpperInvariant()) switch
    {
        ("MAIL", "SIZE", not null) or ("MAIL", "BODY", "7BIT" or "8BITMIME") or ("MAIL", "SMTPUTF8", null) or ("MAIL", "AUTH", not null) => null,
        ("MAIL", "BODY", _) => "555 5.5.4 Unsupported BODY type",
        _ => $"555 5.5.4 {verb} {(verb == "MAIL" ? "FROM" : "TO")} parameter not recognized or not implemented",
    };
}
