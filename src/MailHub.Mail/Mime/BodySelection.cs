namespace MailHub.Mail.Mime;

/// <summary>
/// Which parts are the text and html bodies and which are attachments. The rules are the corpus README's (those of
/// Python's get_body): attachments are skipped, in multipart/related only the root counts, message/* is not entered.
/// </summary>
internal sealed class BodySelection
{
    public MimePart? Text { get; private init; }

    public MimePart? Html { get; private init; }

    public static BodySelection Find(MimeEntity root) => new()
    {
        Text = FindFirst(root, "plain", root is Multipart),
        Html = FindFirst(root, "html", root is Multipart),
    };

    private static MimePart? FindFirst(MimeEntity entity, string subtype, bool rootIsMultipart)
    {
        if (entity.IsAttachment)
            return null;
        if (entity is MimePart part)
            return part.ContentType.Is("text", subtype) ? part : null;
        var multipart = (Multipart)entity;
        if (!rootIsMultipart)
            return null;
        if (multipart.ContentType.MediaSubtype != "related")
        {
            foreach (var child in multipart.Parts)
            {
                if (FindFirst(child, subtype, rootIsMultipart) is { } found)
                    return found;
            }
            return null;
        }
        var candidate = RelatedRoot(multipart);
        return candidate is null ? null : FindFirst(candidate, subtype, rootIsMultipart);
    }

    /// <summary>The root of a multipart/related (RFC 2387): the part named by start, else the first.</summary>
    private static MimeEntity? RelatedRoot(Multipart related)
    {
        var start = related.ContentType.GetParameter("start", related.Context.Fallback);
        if (!string.IsNullOrEmpty(start))
        {
            foreach (var child in related.Parts)
            {
                if (child.Headers.Find("Content-ID") is { } id && HeaderText.DecodeRaw(id.RawValue.Span).Trim() == start.Trim())
                    return child;
            }
        }
        return related.Parts.Count > 0 ? related.Parts[0] : null;
    }

    public static IReadOnlyList<MimeAttachment> Attachments(MimeEntity root, BodySelection bodies)
    {
        List<MimeAttachment>? list = null;
        foreach (var leaf in root.Leaves())
        {
            if (ReferenceEquals(leaf, bodies.Text) || ReferenceEquals(leaf, bodies.Html))
                continue;
            var isPlainOrHtml = leaf.ContentType.Is("text", "plain") || leaf.ContentType.Is("text", "html");
            if (!isPlainOrHtml || leaf.IsAttachment || leaf.FileName is not null)
                (list ??= []).Add(new MimeAttachment(leaf));
        }
        return list is null ? [] : list;
    }
}
