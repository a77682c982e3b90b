using System.Buffers;
using System.Text;

namespace MailHub.Mail.Smtp.Server.Transport;

/// <summary>
/// What the transport needs to know of the command the engine is executing, to answer it or to
/// phrase the engine's reply (<see cref="EngineReply"/>): its verb (RFC 5321 §4.1.1, case-insensitive;
/// "" for one we do not know) and the shape of its arguments.
/// </summary>
internal readonly record struct CommandLine(string Verb, bool HasArguments, bool HasPathKeyword)
{
    private static readonly string[] Verbs =
        ["EHLO", "HELO", "MAIL", "RCPT", "DATA", "RSET", "NOOP", "QUIT", "VRFY", "EXPN", "HELP", "AUTH", "BDAT", "STARTTLS"];

    /// <summary>Parses a command line without its CRLF. Allocates nothing.</summary>
    public static CommandLine Of(ReadOnlySequence<byte> line)
    {
        Span<byte> head = stackalloc byte[16];
        var length = (int)Math.Min(line.Length, head.Length);
        line.Slice(0, length).CopyTo(head);
        head = head[..length];
        var space = head.IndexOf((byte)' ');
        var verb = space < 0 ? head : head[..space];
        var hasArguments = space >= 0 && line.Length > space + 1;
        foreach (var known in Verbs)
        {
            if (verb.Length == known.Length && Ascii.EqualsIgnoreCase(verb, known))
            {
                // "MAIL FROM:" / "RCPT TO:" (RFC 5321 §4.1.1.2-3), to tell a bad address from a bad command.
                var keyword = known switch
                {
                    "MAIL" => StartsWith(head, "MAIL FROM:"u8),
                    "RCPT" => StartsWith(head, "RCPT TO:"u8),
                    _ => false,
                };
                return new CommandLine(known, hasArguments, keyword);
            }
        }

        return new CommandLine("", hasArguments, HasPathKeyword: false);
    }

    private static bool StartsWith(ReadOnlySpan<byte> text, ReadOnlySpan<byte> prefix) =>
        text.Length >= prefix.Length && Ascii.EqualsIgnoreCase(text[..prefix.Length], prefix);
}
