using System.Text;

namespace MailHub.Mail.Smtp.Server.Protocol;

internal enum PathSyntax
{
    Ok,

    /// <summary>"FROM:" / "TO:" or the angle brackets are missing.</summary>
    BadArguments,

    /// <summary>The brackets are there but the mailbox inside is malformed.</summary>
    BadAddress,
}

/// <summary>
/// Parses the arguments of MAIL and RCPT: <c>FROM:&lt;reverse-path&gt; [params]</c>,
/// <c>TO:&lt;forward-path&gt; [params]</c> (RFC 5321 §4.1.1.2, §4.1.1.3, grammar in §4.1.2).
/// Bytes above 0x7F are let through here; whether they are allowed depends on SMTPUTF8 (RFC 6531 §3.3).
/// </summary>
internal static class SmtpPathParser
{
    public static PathSyntax Parse(
        ReadOnlySpan<byte> arguments,
        ReadOnlySpan<byte> keyword,
        out ReadOnlySpan<byte> localPart,
        out ReadOnlySpan<byte> domain,
        out ReadOnlySpan<byte> parameters)
    {
        localPart = domain = parameters = [];
        if (arguments.Length < keyword.Length || !Ascii.EqualsIgnoreCase(arguments[..keyword.Length], keyword))
        {
            return PathSyntax.BadArguments;
        }

        // Lenient like most servers: "MAIL FROM: <a@b>" (a space after the colon) is common.
        var rest = arguments[keyword.Length..].TrimStart((byte)' ');
        if (rest.Length == 0 || rest[0] != (byte)'<')
        {
            return PathSyntax.BadArguments;
        }

        var close = IndexOfClosingBracket(rest);
        if (close < 0)
        {
            return PathSyntax.BadArguments;
        }

        var path = rest[1..close];
        var after = rest[(close + 1)..];
        if (after.Length > 0 && after[0] != (byte)' ')
        {
            return PathSyntax.BadArguments;
        }

        parameters = after.Trim((byte)' ');

        // RFC 5321 §4.1.2 / §C: an obsolete source route "@a,@b:" must be accepted and ignored.
        if (path.Length > 0 && path[0] == (byte)'@')
        {
            var colon = path.IndexOf((byte)':');
            if (colon < 0)
            {
                return PathSyntax.BadAddress;
            }

            path = path[(colon + 1)..];
        }

        if (path.Length == 0)
        {
            return PathSyntax.Ok; // the null path "<>"; the caller decides whether it is allowed
        }

        return SplitMailbox(path, out localPart, out domain) ? PathSyntax.Ok : PathSyntax.BadAddress;
    }

    /// <summary>Takes the next "KEY[=VALUE]" from a parameter list (RFC 5321 §4.1.2 Mail-parameters).</summary>
    public static bool NextParameter(ref ReadOnlySpan<byte> parameters, out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value)
    {
        parameters = parameters.TrimStart((byte)' ');
        if (parameters.Length == 0)
        {
            key = value = [];
            return false;
        }

        var end = parameters.IndexOf((byte)' ');
        var token = end < 0 ? parameters : parameters[..end];
        parameters = end < 0 ? [] : parameters[end..];
        var equals = token.IndexOf((byte)'=');
        key = equals < 0 ? token : token[..equals];
        value = equals < 0 ? [] : token[(equals + 1)..];
        return true;
    }

    private static int IndexOfClosingBracket(ReadOnlySpan<byte> rest)
    {
        var quoted = false;
        for (var i = 1; i < rest.Length; i++)
        {
            var c = rest[i];
            if (quoted && c == (byte)'\\')
            {
                i++;
            }
            else if (c == (byte)'"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == (byte)'>')
            {
                return i;
            }
        }

        return -1;
    }

    private static bool SplitMailbox(ReadOnlySpan<byte> path, out ReadOnlySpan<byte> localPart, out ReadOnlySpan<byte> domain)
    {
        localPart = domain = [];
        int at;
        if (path[0] == (byte)'"')
        {
            var endQuote = 1;
            for (; endQuote < path.Length && path[endQuote] != (byte)'"'; endQuote++)
            {
                if (path[endQuote] == (byte)'\\')
                {
                    endQuote++;
                }
            }

            if (endQuote >= path.Length)
            {
                return false;
            }

            at = endQuote + 1;
            if (at < path.Length && path[at] != (byte)'@')
            {
                return false;
            }
        }
        else
        {
            at = path.LastIndexOf((byte)'@');
            var dotString = at < 0 ? path : path[..at];
            if (!IsDotString(dotString))
            {
                return false;
            }
        }

        if (at >= path.Length || at < 0)
        {
            // RFC 5321 §4.5.1: "RCPT TO:<Postmaster>" without a domain must be accepted.
            localPart = path;
            return Ascii.EqualsIgnoreCase(path, "postmaster"u8);
        }

        localPart = path[..at];
        domain = path[(at + 1)..];
        return localPart.Length > 0 && IsDomain(domain);
    }

    private static bool IsDotString(ReadOnlySpan<byte> s)
    {
        if (s.Length == 0 || s[0] == (byte)'.' || s[^1] == (byte)'.' || s.IndexOf(".."u8) >= 0)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!IsAtext(c) && c != (byte)'.')
            {
                return false;
            }
        }

        return true;
    }

    // RFC 5322 §3.2.3 atext, plus UTF-8 (RFC 6531 §3.3).
    private static bool IsAtext(byte c) =>
        c >= 0x80 || char.IsAsciiLetterOrDigit((char)c) || "!#$%&'*+-/=?^_`{|}~"u8.Contains(c);

    private static bool IsDomain(ReadOnlySpan<byte> d)
    {
        if (d.Length is 0 or > 255)
        {
            return false;
        }

        if (d[0] == (byte)'[')
        {
            // An address literal (RFC 5321 §4.1.3); the text inside is not interpreted further.
            return d.Length > 2 && d[^1] == (byte)']' && d[1..^1].IndexOfAny("[]\\ "u8) < 0;
        }

        if (d[0] == (byte)'.' || d.IndexOf(".."u8) >= 0)
        {
            return false;
        }

        foreach (var c in d)
        {
            if (c < 0x80 && !char.IsAsciiLetterOrDigit((char)c) && c != (byte)'-' && c != (byte)'.' && c != (byte)'_')
            {
                return false;
            }
        }

        return true;
    }
}
