namespace MailHub.Mail.Mime.Writing;

/// <summary>
/// A message to send: set the properties, then write it. The body takes the shape its content needs:
/// text/plain or text/html alone, multipart/alternative for both, wrapped in multipart/related for inline images and
/// in multipart/mixed for attachments. Bcc is never written; it is part of <see cref="EnvelopeRecipients"/>.
/// </summary>
public sealed class MessageBuilder
{
    public MailboxAddress? From { get; set; }

    public IList<MailboxAddress> To { get; } = new List<MailboxAddress>();

    public IList<MailboxAddress> Cc { get; } = new List<MailboxAddress>();

    public IList<MailboxAddress> Bcc { get; } = new List<MailboxAddress>();

    public IList<MailboxAddress> ReplyTo { get; } = new List<MailboxAddress>();

    public string? Subject { get; set; }

    /// <summary>The plain-text body; any line ends, written as CRLF.</summary>
    public string? Text { get; set; }

    /// <summary>The HTML body; reference <see cref="InlineImages"/> with <c>src="cid:..."</c>.</summary>
    public string? Html { get; set; }

    public IList<InlineImage> InlineImages { get; } = new List<InlineImage>();

    public IList<Attachment> Attachments { get; } = new List<Attachment>();

    /// <summary>Other headers (Auto-Submitted, List-Unsubscribe, X-Mailer, ...), written in order after the standard ones.</summary>
    public IList<MessageHeader> Headers { get; } = new List<MessageHeader>();

    /// <summary>
    /// The Message-ID with angle brackets. When null, the first write generates one for the From domain and stores it
    /// here, so writing the message again (a retried send) keeps the same id.
    /// </summary>
    public string? MessageId { get; set; }

    /// <summary>The Date header; like <see cref="MessageId"/>, set on the first write when null.</summary>
    public DateTimeOffset? Date { get; set; }

    public string? InReplyTo { get; set; }

    public IList<string> References { get; } = new List<string>();

    /// <summary>Everyone the transport must deliver to (RCPT TO): To, Cc and Bcc, each address once.</summary>
    public IReadOnlyList<MailboxAddress> EnvelopeRecipients =>
        To.Concat(Cc).Concat(Bcc).DistinctBy(m => m.Address, StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>Writes the message with CRLF line ends; attachment streams are read in chunks, not loaded whole.</summary>
    public Task WriteToAsync(Stream stream, MimeWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return MessageWriter.WriteAsync(this, stream, options ?? MimeWriteOptions.Default, cancellationToken);
    }

    /// <summary>The whole message as bytes, for small messages and tests.</summary>
    public async Task<byte[]> ToBytesAsync(MimeWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var memory = new MemoryStream();
        await WriteToAsync(memory, options, cancellationToken);
        return memory.ToArray();
    }
}
