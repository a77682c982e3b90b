using System.Text;

namespace MailHub.Mail.Smtp.Server.Protocol;

/// <summary>Splits a command line into verb and arguments (RFC 5321 §4.1.1: verbs are case-insensitive).</summary>
internal static class SmtpCommandParser
{
    /// <summary>Returns the verb and where its arguments are in <paramref name="line"/> (surrounding spaces trimmed).</summary>
    public static SmtpCommand ParseVerb(ReadOnlySpan<byte> line, out Range arguments)
    {
        var space = line.IndexOf((byte)' ');
        var verb = space < 0 ? line : line[..space];
        arguments = ArgumentsRange(line, space);
        return verb.Length switch
        {
            4 => Verb4(verb),
            8 when Ascii.EqualsIgnoreCase(verb, "STARTTLS"u8) => SmtpCommand.StartTls,
            _ => SmtpCommand.None,
        };
    }

    private static Range ArgumentsRange(ReadOnlySpan<byte> line, int space)
    {
        if (space < 0)
        {
            return new Range(line.Length, line.Length);
        }

        var start = space + 1;
        var end = line.Length;
        while (start < end && line[start] == (byte)' ')
        {
            start++;
        }

        while (end > start && line[end - 1] == (byte)' ')
        {
            end--;
        }

        return new Range(start, end);
    }

    private static SmtpCommand Verb4(ReadOnlySpan<byte> verb)
    {
        ReadOnlySpan<SmtpCommand> commands =
        [
            SmtpCommand.Ehlo, SmtpCommand.Helo, SmtpCommand.Mail, SmtpCommand.Rcpt, SmtpCommand.Data,
            SmtpCommand.Bdat, SmtpCommand.Rset, SmtpCommand.Noop, SmtpCommand.Quit, SmtpCommand.Vrfy,
            SmtpCommand.Expn, SmtpCommand.Help, SmtpCommand.Auth,
        ];
        var names = "EHLOHELOMAILRCPTDATABDATRSETNOOPQUITVRFYEXPNHELPAUTH"u8;
        for (var i = 0; i < commands.Length; i++)
        {
            if (Ascii.EqualsIgnoreCase(verb, names.Slice(i * 4, 4)))
            {
                return commands[i];
            }
        }

        return SmtpCommand.None;
    }
}
