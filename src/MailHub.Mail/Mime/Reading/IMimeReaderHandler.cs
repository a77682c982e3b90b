namespace MailHub.Mail.Mime.Reading;

/// <summary>
/// What <see cref="MimeReader"/> reports, in message order. Spans are valid only during the call.
/// A leaf: EntityStart, Header*, HeadersEnd, BodyLine*, BodyEnd, EntityEnd.
/// A multipart: EntityStart, Header*, HeadersEnd, PreambleLine*, then either BoundaryNotFound (it is then a leaf
/// whose content was the preamble) or the child entities and EpilogueLine*; then EntityEnd.
/// </summary>
public interface IMimeReaderHandler
{
    void EntityStart(int depth);

    /// <summary>A header field: name as written, value after the colon with folding line breaks kept.</summary>
    void Header(ReadOnlySpan<byte> name, ReadOnlySpan<byte> rawValue);

    /// <summary>End of the header block; the content type the reader goes by and whether it reads children next.</summary>
    void HeadersEnd(MimeContentType contentType, bool isMultipart);

    /// <summary>A body line and its line ending (empty at the end of input).</summary>
    void BodyLine(ReadOnlySpan<byte> content, ReadOnlySpan<byte> lineEnding);

    /// <summary>The leaf body is over; beforeBoundary says a boundary line follows (its line break is the boundary's).</summary>
    void BodyEnd(bool beforeBoundary);

    void PreambleLine(ReadOnlySpan<byte> content, ReadOnlySpan<byte> lineEnding);

    /// <summary>The multipart's first boundary never came: its preamble was its whole body.</summary>
    void BoundaryNotFound(bool beforeBoundary);

    void EpilogueLine(ReadOnlySpan<byte> content, ReadOnlySpan<byte> lineEnding);

    void EntityEnd();

    void Warning(string message);
}
