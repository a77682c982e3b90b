namespace MailHub.Mail.Mime;

/// <summary>An attachment (or inline resource) of a message: its description and a way to read its decoded bytes.</summary>
public sealed class MimeAttachment(MimePart part)
{
    public MimePart Part { get; } = part;

    public string? FileName => Part.FileName;

    /// <summary>Lowercase "type/subtype".</summary>
    public string ContentType => Part.ContentType.MimeType;

    /// <summary>Decoded size in bytes.</summary>
    public long Size => Part.Content.Length;

    /// <summary>Lowercase hex SHA-256 of the decoded bytes.</summary>
    public string Sha256 => Part.Content.Sha256;

    public string? ContentId => Part.ContentId;

    /// <summary>True only when Content-Disposition says inline.</summary>
    public bool Inline => Part.ContentDisposition?.IsInline == true;

    public Stream OpenRead() => Part.Content.OpenRead();
}
