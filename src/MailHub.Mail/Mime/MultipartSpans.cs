using MimeKit;

namespace MailHub.Mail.Mime;

/// <summary>
/// Where each multipart's body lies in the raw message, recorded from <see cref="MimeParser.MimeEntityEnd"/> as
/// MimeKit reads (it keeps no offsets on a multipart): what <see cref="MultipartChecks"/> needs to tell a missing
/// closing boundary and to give a multipart whose boundary never came its raw body.
/// </summary>
internal sealed class MultipartSpans
{
    public readonly record struct Span(Multipart Multipart, long BodyStart, long End);

    public List<Span> All { get; } = [];

    public void Listen(MimeParser parser) => parser.MimeEntityEnd += (_, e) =>
    {
        if (e.Entity is Multipart multipart)
            All.Add(new Span(multipart, e.HeadersEndOffset, e.EndOffset));
    };
}
