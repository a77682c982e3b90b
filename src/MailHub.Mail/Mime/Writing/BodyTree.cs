namespace MailHub.Mail.Mime.Writing;

/// <summary>
/// The body shape for what the message holds, nested mixed &gt; related &gt; alternative (RFC 2046, RFC 2387):
/// attachments go beside the content, inline images beside the HTML that shows them, text and HTML as alternatives.
/// </summary>
internal static class BodyTree
{
    public static MimeEntity Build(MessageBuilder message, MimeWriteOptions options)
    {
        var eightBit = options.EightBitMime || options.Utf8Headers;
        var texts = new List<TextEntity>();
        TextEntity Text(string subtype, string value)
        {
            var entity = new TextEntity(subtype, value, eightBit);
            texts.Add(entity);
            return entity;
        }

        string Boundary()
        {
            var factory = options.BoundaryFactory ?? Boundaries.New;
            while (true)
            {
                var boundary = factory();
                if (!texts.Any(t => t.Contains(boundary)))
                {
                    return boundary;
                }
            }
        }

        var plain = message.Text is null ? null : Text("plain", message.Text);
        var html = message.Html is null ? null : Text("html", message.Html);

        MimeEntity content = (plain, html) switch
        {
            (not null, not null) => new MultipartEntity("alternative", Boundary(), [plain, html]),
            (null, not null) => html,
            (not null, null) => plain,
            _ => Text("plain", string.Empty),
        };

        var inline = message.InlineImages.Select(image => (MimeEntity)new ContentEntity(
            image.ContentType ?? MediaTypes.ForFileName(image.FileName),
            image.Content,
            "inline",
            FileName(image.FileName),
            ContentId(image.ContentId),
            options.Utf8Headers)).ToList();

        var attachments = message.Attachments.Select(attachment => (MimeEntity)new ContentEntity(
            attachment.ContentType ?? MediaTypes.ForFileName(attachment.FileName),
            attachment.Content,
            "attachment",
            FileName(attachment.FileName) ?? "attachment",
            contentId: null,
            options.Utf8Headers)).ToList();

        if (inline.Count > 0)
        {
            if (html is not null)
            {
                var rootType = plain is not null ? "multipart/alternative" : "text/html";
                content = new MultipartEntity("related", Boundary(), [content, .. inline], rootType);
            }
            else
            {
                // Nothing references them without HTML: send them as inline parts beside the text.
                attachments.InsertRange(0, inline);
            }
        }

        return attachments.Count > 0 ? new MultipartEntity("mixed", Boundary(), [content, .. attachments]) : content;
    }

    private static string? FileName(string? name)
    {
        if (name is null)
        {
            return null;
        }

        var clean = new string(name.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return clean.Length == 0 ? null : clean;
    }

    private static string ContentId(string id)
    {
        var trimmed = id.Trim().TrimStart('<').TrimEnd('>');
        if (trimmed.Length == 0 || !System.Text.Ascii.IsValid(trimmed) || trimmed.Any(c => c <= ' ' || c is '<' or '>'))
        {
            throw new ArgumentException($"'{id}' is not a Content-ID: use ASCII without spaces, e.g. from MessageIds.NewContentId.", nameof(id));
        }

        return trimmed;
    }
}
