using MimeKit;

namespace MailHub.Mail.Mime;

/// <summary>Limits of reading. The defaults read anything real mail throws at them without throwing.</summary>
public sealed record MailReadOptions
{
    public static MailReadOptions Default { get; } = new();

    /// <summary>Multiparts nested deeper than this are kept as leaves (MimeKit's <see cref="ParserOptions.MaxMimeDepth"/>).</summary>
    public int MaxNestingDepth { get; init; } = 32;

    /// <summary>A header field longer than this (folded lines included) is cut, and the message flagged.</summary>
    public int MaxHeaderLength { get; init; } = 256 * 1024;

    private ParserOptions? _parser;

    internal ParserOptions Parser => _parser ??= ToParserOptions();

    private ParserOptions ToParserOptions()
    {
        MailEncodings.Register();
        var options = ParserOptions.Default.Clone();
        options.MaxMimeDepth = MaxNestingDepth;
        // Only embedded messages' headers reach this: ours are re-encoded as UTF-8 first (RawHeaders).
        options.CharsetEncoding = MailEncodings.GB18030;
        // text/rfc822-headers as the text it is (MimeKit reads it as a message): its bytes stay the sender's.
        options.RegisterMimeType("text/rfc822-headers", typeof(TextPart));
        return options;
    }
}
