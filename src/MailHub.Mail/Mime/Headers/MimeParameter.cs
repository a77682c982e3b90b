namespace MailHub.Mail.Mime;

/// <summary>
/// One parameter as written (RFC 2045 §5.1): quotes and escapes removed, RFC 2231 sections and charsets not yet
/// applied. The value holds the raw bytes one char per byte (Latin-1), so no byte is lost before the charset is known.
/// </summary>
public readonly record struct MimeParameter(string Name, string RawValue);
