using System.Text;

namespace MailHub.Mail.Imap;

/// <summary>A command being built: text with literals in between (strings that cannot be quoted, APPEND's message).</summary>
internal sealed class ImapCommand(string name)
{
    private readonly List<Segment> segments = [new(new StringBuilder(), null, 0)];
    private readonly StringBuilder log = new();
    private bool redacted;

    public string Name { get; } = name;

    internal sealed record Segment(StringBuilder Text, Stream? Literal, long LiteralLength);

    public IReadOnlyList<Segment> Segments => segments;

    public string LogText => log.ToString();

    public ImapCommand Raw(string text)
    {
        segments[^1].Text.Append(text);
        log.Append(text);
        return this;
    }

    /// <summary>An astring: atom-safe text quoted, anything else a literal. <paramref name="secret"/> hides it in the log.</summary>
    public ImapCommand String(string value, bool secret = false)
    {
        if (ImapQuoting.NeedsLiteral(value))
            return Literal(new MemoryStream(Encoding.UTF8.GetBytes(value)), Encoding.UTF8.GetByteCount(value), secret);
        segments[^1].Text.Append(ImapQuoting.Quote(value));
        log.Append(secret ? "********" : ImapQuoting.Quote(value));
        redacted |= secret;
        return this;
    }

    public ImapCommand Literal(Stream content, long length, bool secret = false)
    {
        segments[^1] = segments[^1] with { Literal = content, LiteralLength = length };
        segments.Add(new Segment(new StringBuilder(), null, 0));
        log.Append(secret ? "{********}" : $"{{{length}}} [literal]");
        return this;
    }

    public bool IsRedacted => redacted;
}
