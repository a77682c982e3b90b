namespace MailHub.Mail.Mime;

/// <summary>A leaf part: its decoded content, and for message/rfc822 the embedded message (parsed on first use).</summary>
public sealed class MimePart : MimeEntity
{
    private MimeMessage? _message;

    internal MimePart(MimeHeaderList headers, MimeContentType contentType, TransferEncoding transferEncoding, MimeContent content)
        : base(headers, contentType)
    {
        TransferEncoding = transferEncoding;
        Content = content;
    }

    public TransferEncoding TransferEncoding { get; }

    /// <summary>The decoded bytes (base64, quoted-printable, uuencode undone).</summary>
    public MimeContent Content { get; }

    public bool IsText => ContentType.MediaType == "text";

    /// <summary>The charset label of the part, as written.</summary>
    public string? Charset => ContentType.Charset;

    /// <summary>The content as text in its charset (an unknown label falls back like raw header text).</summary>
    public string GetText()
    {
        if (Content.Length == 0)
            return "";
        var bytes = Content.IsInMemory ? Content.Memory.Span : Content.ToArray();
        return Charsets.Decode(bytes, Charset, Context.Fallback);
    }

    /// <summary>For message/rfc822 (and message/global), the embedded message; null for other parts.</summary>
    public MimeMessage? Message
    {
        get
        {
            if (_message is null && ContentType.MediaType == "message" && ContentType.MediaSubtype is "rfc822" or "global"
                && Context.Depth < Context.Options.MaxNestingDepth)
            {
                using var stream = Content.OpenRead();
                _message = MimeMessage.Parse(stream, Context.Options, Context.Depth + 1);
            }
            return _message;
        }
    }

    public override IEnumerable<MimePart> Leaves()
    {
        yield return this;
    }

    internal void DisposeContent()
    {
        Content.Dispose();
        _message?.Dispose();
    }
}
