namespace MailHub.Mail.Mime;

/// <summary>A node of the part tree: a leaf (<see cref="MimePart"/>) or a <see cref="Multipart"/>.</summary>
public abstract class MimeEntity
{
    private MimeContentDisposition? _disposition;
    private bool _dispositionRead;

    private protected MimeEntity(MimeHeaderList headers, MimeContentType contentType)
    {
        Headers = headers;
        ContentType = contentType;
    }

    internal MessageContext Context => Headers.Context;

    public MimeHeaderList Headers { get; }

    /// <summary>The type read from Content-Type (text/plain when absent or invalid; message/rfc822 inside multipart/digest).</summary>
    public MimeContentType ContentType { get; }

    public MimeContentDisposition? ContentDisposition
    {
        get
        {
            if (!_dispositionRead)
            {
                _disposition = Headers.GetRaw("Content-Disposition") is { } raw ? MimeContentDisposition.Parse(raw.Span) : null;
                _dispositionRead = true;
            }
            return _disposition;
        }
    }

    /// <summary>Content-ID without its angle brackets, or null.</summary>
    public string? ContentId => MessageIds.Single(Headers.GetRaw("Content-ID"));

    /// <summary>True when Content-Disposition says attachment.</summary>
    public bool IsAttachment => ContentDisposition?.IsAttachment == true;

    /// <summary>File name from Content-Disposition filename, else Content-Type name (RFC 2231 and encoded words decoded).</summary>
    public string? FileName
    {
        get
        {
            var name = ContentDisposition?.GetParameter("filename", Context.Fallback) ?? ContentType.GetParameter("name", Context.Fallback);
            return name?.Trim();
        }
    }

    /// <summary>The leaves below (or this entity when it is one), in document order.</summary>
    public abstract IEnumerable<MimePart> Leaves();
}
