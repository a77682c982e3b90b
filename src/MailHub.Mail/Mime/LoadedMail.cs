using System.Text;
using MimeKit;

namespace MailHub.Mail.Mime;

/// <summary>
/// A message read by <see cref="MailReader"/>: MimeKit's <see cref="MimeMessage"/>, plus what MimeKit does not
/// answer: which parts a person reads as the text and HTML bodies and which as attachments (the rules of
/// shared/mime-corpus/README.md), bodies decoded with the raw-text rule where the label says nothing, delivery status
/// reports in our model, and what was wrong with the mail. Dispose it when done.
/// </summary>
public sealed class LoadedMail : IDisposable
{
    private readonly Stream? _owned;
    private Encoding? _fallback;
    private BodySelection? _bodies;
    private IReadOnlyList<MimeEntity>? _attachments;
    private DeliveryStatusReport? _deliveryStatus;
    private bool _deliveryStatusRead;

    internal LoadedMail(MimeMessage message, IReadOnlyList<string> problems, Stream? owned)
    {
        Message = message;
        Problems = problems;
        _owned = owned;
    }

    public MimeMessage Message { get; }

    /// <summary>What was wrong with the mail and had to be guessed or cut; empty for well-formed mail.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>The first Date field as <see cref="MailDate"/> reads it (null when absent or not a real instant).</summary>
    public DateTimeOffset? Date => MailDate.TryParse(Message.Headers[HeaderId.Date], out var date) ? date : null;

    /// <summary>Raw 8-bit text that is not UTF-8 (headers, bodies labelled us-ascii or unknown) is read with this.</summary>
    public Encoding FallbackEncoding => _fallback ??= RawHeaders.FallbackOf(Message);

    /// <summary>The text/plain body part, or null.</summary>
    public MimePart? TextPart => Bodies.Text;

    /// <summary>The text/html body part, or null.</summary>
    public MimePart? HtmlPart => Bodies.Html;

    /// <summary>The plain-text body, decoded, with CRLF turned into LF; null when there is none.</summary>
    public string? TextBody => TextPart is { } part ? PartContent.Text(part, FallbackEncoding) : null;

    /// <summary>The HTML body, decoded, with CRLF turned into LF; null when there is none.</summary>
    public string? HtmlBody => HtmlPart is { } part ? PartContent.Text(part, FallbackEncoding) : null;

    /// <summary>
    /// Leaf parts other than the bodies that are files, attachments, or of another type than text/plain and text/html,
    /// in document order (an attachment's index is its place here). Each is a <see cref="MimePart"/> or, for an
    /// attached message, a <see cref="MessagePart"/>.
    /// </summary>
    public IReadOnlyList<MimeEntity> Attachments => _attachments ??= BodySelection.Attachments(Message, Bodies);

    /// <summary>For a delivery status notification (RFC 3464), its per-recipient results; null for other messages.</summary>
    public DeliveryStatusReport? DeliveryStatus
    {
        get
        {
            if (!_deliveryStatusRead)
            {
                _deliveryStatus = DeliveryStatusReport.Read(Message);
                _deliveryStatusRead = true;
            }
            return _deliveryStatus;
        }
    }

    private BodySelection Bodies => _bodies ??= BodySelection.Find(Message);

    public void Dispose()
    {
        Message.Dispose();
        _owned?.Dispose();
    }
}
