namespace MailHub.Mail.Mime;

/// <summary>A multipart entity (RFC 2046 §5.1) and its parts.</summary>
public sealed class Multipart : MimeEntity
{
    private readonly List<MimeEntity> _parts = [];

    internal Multipart(MimeHeaderList headers, MimeContentType contentType)
        : base(headers, contentType)
    {
    }

    public IReadOnlyList<MimeEntity> Parts => _parts;

    internal void Add(MimeEntity part) => _parts.Add(part);

    internal void ReplaceLast(MimeEntity part) => _parts[^1] = part;

    public override IEnumerable<MimePart> Leaves()
    {
        foreach (var part in _parts)
        {
            foreach (var leaf in part.Leaves())
                yield return leaf;
        }
    }
}
