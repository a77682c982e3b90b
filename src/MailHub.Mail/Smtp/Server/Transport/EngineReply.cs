using System.Text;

namespace MailHub.Mail.Smtp.Server.Transport;

/// <summary>
/// The engine's replies as the client should get them: every 2xx, 4xx and 5xx reply but the
/// greeting and the HELO/EHLO response carries an enhanced status code (RFC 2034 §3, RFC 3463), and
/// the engine's catch-all codes become the ones RFC 5321 §4.2.2 names (its parser answers 502 to any
/// line it cannot read, its state machine 501 to a command out of order). A reply that already has
/// an enhanced code (ours: store, mailbox filter) only loses the engine's ", n retry(ies) remaining.".
/// </summary>
internal static class EngineReply
{
    private static readonly byte[] SenderOk = Line("250 2.1.0 Sender OK");
    private static readonly byte[] RecipientOk = Line("250 2.1.5 Recipient OK");
    private static readonly byte[] Ok = Line("250 2.0.0 OK");
    private static readonly byte[] Bye = Line("221 2.0.0 Bye");

    /// <summary>The line (with CRLF) to send instead of <paramref name="line"/>, or null to send it as it is.</summary>
    public static byte[]? Rewrite(ReadOnlySpan<byte> line, CommandLine command)
    {
        if (line.Length < 6 || line[3] != (byte)' ' || !char.IsAsciiDigit((char)line[0]))
        {
            return null; // not the last line of a reply (EHLO's lines, RFC 5321 §4.2.1)
        }

        var code = ((line[0] - '0') * 100) + ((line[1] - '0') * 10) + (line[2] - '0');
        var text = line[4..^2];
        if (HasEnhancedCode(text))
        {
            return WithoutRetries(line);
        }

        return (code, command.Verb) switch
        {
            (250, "MAIL") => SenderOk,
            (250, "RCPT") => RecipientOk,
            (250, "EHLO" or "HELO") => null,
            (250, _) => Ok,
            (221, _) when text.StartsWith("Timeout"u8) => Line("421 4.4.2 Timeout, closing connection"), // RFC 5321 §4.5.3.2
            (221, _) when text.StartsWith("The session"u8) => Line("421 4.4.2 Session time limit reached, closing connection"),
            (221, _) => Bye,
            (220, "STARTTLS") => Line("220 2.0.0 Ready to start TLS"),
            (220, _) => null, // the greeting
            (235, _) => Line("235 2.7.0 Authentication successful"),
            (501, _) when text.StartsWith("expected "u8) => Line("503 5.5.1 Bad sequence of commands, " + Encoding.ASCII.GetString(WithoutRetriesText(text))),
            (502, _) => Unreadable(command),
            (530, _) => Line("530 5.7.0 Authentication required"), // RFC 4954 §6
            (535, _) => Line("535 5.7.8 Authentication credentials invalid"), // RFC 4954 §6
            (550, "MAIL") => Line("550 5.7.1 Sender not accepted"),
            (550, _) => Line("550 5.1.1 Mailbox unavailable"),
            (553, _) => Line("553 5.1.3 Mailbox name not allowed"),
            (552, _) => Line("552 5.3.4 Message size exceeds fixed maximum message size"), // RFC 1870 §6
            (554, "DATA") when text.StartsWith("no valid"u8) => Line("554 5.5.1 No valid recipients"),
            (554, _) => Line("554 5.3.0 Transaction failed"),
            ( >= 200 and < 300 or >= 400 and < 600, _) => Generic(code, text),
            _ => null, // 220 greeting, 334, 354: no enhanced code (RFC 2034 §3)
        };
    }

    /// <summary>The engine's parser reads nothing wrong from right: the verb says which it was.</summary>
    private static byte[] Unreadable(CommandLine command) => (command.Verb, command.HasPathKeyword, command.HasArguments) switch
    {
        ("", _, _) => Line("500 5.5.2 Syntax error, command unrecognized"),
        ("MAIL", true, _) => Line("501 5.1.7 Bad sender address syntax"),
        ("RCPT", true, _) => Line("501 5.1.3 Bad recipient address syntax"),
        ("MAIL", false, _) => Line("501 5.5.4 Syntax: MAIL FROM:<address>"),
        ("RCPT", false, _) => Line("501 5.5.4 Syntax: RCPT TO:<address>"),
        ("EHLO" or "HELO", _, _) => Line($"501 5.5.4 Syntax: {command.Verb} hostname"),
        ("AUTH", _, true) => Line("504 5.5.4 Unrecognized authentication mechanism"), // RFC 4954 §4
        _ => Line("501 5.5.4 Syntax error in parameters or arguments"),
    };

    /// <summary>RFC 3463 §3.1: X.0.0, other or undefined status, for a reply we have no better code for.</summary>
    private static byte[] Generic(int code, ReadOnlySpan<byte> text) =>
        Line($"{code} {code / 100}.0.0 {Encoding.ASCII.GetString(WithoutRetriesText(text))}");

    private static bool HasEnhancedCode(ReadOnlySpan<byte> text)
    {
        // class "." subject "." detail, RFC 3463 §2: 2.1.5, 4.3.0, 5.7.11.
        var space = text.IndexOf((byte)' ');
        var code = space < 0 ? text : text[..space];
        return code.Length is >= 5 and <= 9 && code[0] is (byte)'2' or (byte)'4' or (byte)'5' && code[1] == (byte)'.' && code.Count((byte)'.') == 2;
    }

    private static byte[]? WithoutRetries(ReadOnlySpan<byte> line)
    {
        var text = line[..^2];
        var kept = WithoutRetriesText(text);
        return kept.Length == text.Length ? null : [.. kept, (byte)'\r', (byte)'\n'];
    }

    /// <summary>The engine adds ", n retry(ies) remaining." to a refusal; the client needs no countdown.</summary>
    private static ReadOnlySpan<byte> WithoutRetriesText(ReadOnlySpan<byte> text)
    {
        if (!text.EndsWith(" retry(ies) remaining."u8))
        {
            return text;
        }

        var comma = text.LastIndexOf(", "u8);
        return comma < 0 ? text : text[..comma];
    }

    private static byte[] Line(string text) => Encoding.ASCII.GetBytes(text + "\r\n");
}
