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
    public string GetText() => GetText(normalizeLineEndings: false);

    /// <summary>The content as text; with normalizeLineEndings, CRLF becomes LF (done on the bytes, saving a copy).</summary>
    public string GetText(bool normalizeLineEndings)
    {
        if (Content.Length == 0)
            return "";
        var bytes = Content.IsInMemory ? Content.Memory.Span : Content.ToArray();
        if (!normalizeLineEndings || bytes.IndexOf("\r\n"u8) < 0 || Charsets.Find(Charset) is { } e && !IsAsciiCompatible(e))
            return Charsets.Decode(bytes, Charset, Context.Fallback);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(bytes.Length);
        try
        {
            var n = 0;
            for (var i = 0; i < bytes.Length; i++)
            {
                var crlf = bytes[i..].IndexOf("\r\n"u8);
                var end = crlf < 0 ? bytes.Length : i + crlf;
                bytes[i..end].CopyTo(buffer.AsSpan(n));
                n += end - i;
                if (crlf < 0)
                    break;
                buffer[n++] = (byte)'\n';
                i = end + 1;
            }
            return Charsets.Decode(buffer.AsSpan(0, n), Charset, Context.Fallback);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool IsAsciiCompatible(System.Text.Encoding encoding) => encoding.CodePage is not (1200 or 1201 or 12000 or 12001);

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
