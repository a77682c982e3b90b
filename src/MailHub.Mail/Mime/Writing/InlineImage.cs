namespace MailHub.Mail.Mime.Writing;

/// <summary>
/// An image the HTML body shows through <c>src="cid:ContentId"</c>, sent in multipart/related (RFC 2387).
/// </summary>
/// <param name="ContentId">The id without angle brackets, e.g. from <see cref="MessageIds.NewContentId"/>.</param>
/// <param name="Content">The bytes.</param>
/// <param name="ContentType">A media type such as image/png; guessed from <paramref name="FileName"/> when null.</param>
/// <param name="FileName">An optional name, shown by clients that list inline parts.</param>
public sealed record InlineImage(string ContentId, MimeContent Content, string? ContentType = null, string? FileName = null);
