using MailHub.Mail.Mime.Reading;

namespace MailHub.Mail.Mime;

/// <summary>
/// A parsed message (RFC 5322, MIME). Parsing never throws on bad input: what had to be guessed is in
/// <see cref="Warnings"/>. Large part content lives in temporary files: dispose the message to delete them.
/// </summary>
public sealed class MimeMessage : IDisposable
{
    private readonly MessageContext _context;
    private BodySelection? _bodies;
    private IReadOnlyList<MimeAttachment>? _attachments;
    private DeliveryStatusReport? _deliveryStatus;
    private bool _deliveryStatusRead;

    private MimeMessage(MimeEntity body, MessageContext context)
    {
        Body = body;
        _context = context;
    }

    public static MimeMessage Parse(ReadOnlySpan<byte> message, MimeParserOptions? options = null) =>
        Parse(new ReadOnlyMemory<byte>(message.ToArray()), options);

    /// <summary>Parses a message held in memory (not copied).</summary>
    public static MimeMessage Parse(ReadOnlyMemory<byte> message, MimeParserOptions? options = null)
    {
        options ??= MimeParserOptions.Default;
        using var reader = new MimeReader(message, options);
        return Build(reader, new MessageContext(options));
    }

    /// <summary>Parses a message from a stream, reading it once; large parts go to temporary files as they stream by.</summary>
    public static MimeMessage Parse(Stream message, MimeParserOptions? options = null) => Parse(message, options, 0);

    internal static MimeMessage Parse(Stream message, MimeParserOptions? options, int depth)
    {
        options ??= MimeParserOptions.Default;
        using var reader = new MimeReader(message, options);
        return Build(reader, new MessageContext(options) { Depth = depth });
    }

    private static MimeMessage Build(MimeReader reader, MessageContext context)
    {
        using var builder = new MimeTreeBuilder(context);
        reader.Read(builder);
        var root = builder.Root ?? throw new InvalidOperationException("The reader reported no entity.");
        context.Fallback = FirstTextCharset(root) ?? Charsets.GB18030;
        return new MimeMessage(root, context);
    }

    /// <summary>The top entity: a <see cref="MimePart"/> or a <see cref="Multipart"/>.</summary>
    public MimeEntity Body { get; }

    public MimeHeaderList Headers => Body.Headers;

    /// <summary>What the parser had to guess or drop, in reading order.</summary>
    public IReadOnlyList<string> Warnings => _context.Warnings;

    /// <summary>Raw 8-bit header text that is not UTF-8 is read with this charset.</summary>
    public System.Text.Encoding HeaderFallbackEncoding => _context.Fallback;

    public string? MessageId => MessageIds.Single(Headers.GetRaw("Message-ID"));

    public IReadOnlyList<string> InReplyTo => MessageIds.List(Headers.GetRaw("In-Reply-To"));

    public IReadOnlyList<string> References => MessageIds.List(Headers.GetRaw("References"));

    public string? Subject => Headers.GetText("Subject");

    public DateTimeOffset? Date => Headers.GetRaw("Date") is { } raw ? MailDate.Parse(HeaderText.DecodeRaw(raw.Span)) : null;

    public IReadOnlyList<MailboxAddress> From => Addresses("From");

    public IReadOnlyList<MailboxAddress> Sender => Addresses("Sender");

    public IReadOnlyList<MailboxAddress> To => Addresses("To");

    public IReadOnlyList<MailboxAddress> Cc => Addresses("Cc");

    public IReadOnlyList<MailboxAddress> Bcc => Addresses("Bcc");

    public IReadOnlyList<MailboxAddress> ReplyTo => Addresses("Reply-To");

    /// <summary>The text/plain body part (see the corpus README for the rules), or null.</summary>
    public MimePart? TextPart => Bodies.Text;

    /// <summary>The text/html body part, or null.</summary>
    public MimePart? HtmlPart => Bodies.Html;

    /// <summary>The plain-text body, decoded, with CRLF turned into LF; null when there is none.</summary>
    public string? TextBody => TextPart is { } part ? NormalizeLineEndings(part.GetText(normalizeLineEndings: true)) : null;

    /// <summary>The HTML body, decoded, with CRLF turned into LF; null when there is none.</summary>
    public string? HtmlBody => HtmlPart is { } part ? NormalizeLineEndings(part.GetText(normalizeLineEndings: true)) : null;

    /// <summary>Leaf parts other than the bodies that are files, attachments, or of another type than text/plain and text/html.</summary>
    public IReadOnlyList<MimeAttachment> Attachments => _attachments ??= BodySelection.Attachments(Body, Bodies);

    /// <summary>For a delivery status notification (RFC 3464), its per-recipient results; null for other messages.</summary>
    public DeliveryStatusReport? DeliveryStatus
    {
        get
        {
            if (!_deliveryStatusRead)
            {
                _deliveryStatus = DeliveryStatusReport.Read(this);
                _deliveryStatusRead = true;
            }
            return _deliveryStatus;
        }
    }

    private BodySelection Bodies => _bodies ??= BodySelection.Find(Body);

    private IReadOnlyList<MailboxAddress> Addresses(string field) =>
        Headers.Find(field) is { } h ? AddressList.Parse(h.RawValue.Span, _context.Fallback) : [];

    private static string NormalizeLineEndings(string text) =>
        text.Contains('\r', StringComparison.Ordinal) ? text.Replace("\r\n", "\n", StringComparison.Ordinal) : text;

    private static System.Text.Encoding? FirstTextCharset(MimeEntity root)
    {
        foreach (var leaf in root.Leaves())
        {
            if (leaf.IsText && Charsets.Find(leaf.Charset) is { } encoding)
                return encoding;
        }
        return null;
    }

    public void Dispose()
    {
        foreach (var leaf in Body.Leaves())
            leaf.DisposeContent();
    }
}
