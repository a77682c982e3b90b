namespace MailHub.Mail.Mime.Writing;

/// <summary>A file sent with the message (Content-Disposition: attachment).</summary>
/// <param name="FileName">The name the recipient sees; any Unicode is fine (written per RFC 2231 and RFC 2047).</param>
/// <param name="Content">The bytes.</param>
/// <param name="ContentType">A media type such as application/pdf; guessed from the file name when null.</param>
public sealed record Attachment(string FileName, MimeContent Content, string? ContentType = null);
