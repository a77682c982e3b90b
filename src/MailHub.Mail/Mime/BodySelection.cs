using MimeKit;

namespace MailHub.Mail.Mime;

/// <summary>
/// Which parts are the text and HTML bodies and which are attachments, by the rules of Python's get_body (the corpus
/// README): attachments are skipped, in multipart/related only the root counts (RFC 2387 start, else the first part),
/// message/* is not entered, and the first match wins. MimeKit's own TextBody takes the last alternative instead and
/// names no attachment list that matches it.
/// </summary>
internal sealed record BodySelection(MimePart? Text, MimePart? Html)
{
    public static BodySelection Find(MimeMessage message) => message.Body is { } root
        ? new(FindFirst(root, "plain"), FindFirst(root, "html"))
        : new(null, null);

    private static MimePart? FindFirst(MimeEntity entity, string subtype)
    {
        if (entity.ContentDisposition?.IsAttachment == true)
            return null;
        switch (entity)
        {
            case MultipartRelated related:
                return related.Root is { } root ? FindFirst(root, subtype) : null;
            case Multipart multipart:
                foreach (var child in multipart)
                {
                    if (FindFirst(child, subtype) is { } found)
                        return found;
                }
                return null;
            case MimePart part when PartContent.MediaType(part) == "text/" + subtype:
                return part;
            default:
                return null;
        }
    }

    public static IReadOnlyList<MimeEntity> Attachments(MimeMessage message, BodySelection bodies)
    {
        List<MimeEntity>? list = null;
        if (message.Body is { } root)
            Collect(root, bodies, ref list);
        return list is null ? [] : list;
    }

    private static void Collect(MimeEntity entity, BodySelection bodies, ref List<MimeEntity>? list)
    {
        if (entity is Multipart { Count: > 0 } multipart)
        {
            foreach (var child in multipart)
                Collect(child, bodies, ref list);
            return;
        }
        if (ReferenceEquals(entity, bodies.Text) || ReferenceEquals(entity, bodies.Html))
            return;
        var isPlainOrHtml = PartContent.MediaType(entity) is "text/plain" or "text/html";
        if (!isPlainOrHtml || entity.ContentDisposition?.IsAttachment == true || PartContent.FileName(entity) is not null)
            (list ??= []).Add(entity);
    }

    /// <summary>
    /// Leaf entities in document order: multiparts entered, attached messages (message/*) not. A multipart with no parts
    /// (its boundary never came) is a leaf: its text is all there is.
    /// </summary>
    public static IEnumerable<MimeEntity> Leaves(MimeEntity? entity)
    {
        if (entity is Multipart { Count: > 0 } multipart)
        {
            foreach (var child in multipart)
            {
                foreach (var leaf in Leaves(child))
                    yield return leaf;
            }
        }
        else if (entity is not null)
        {
            yield return entity;
        }
    }
}
