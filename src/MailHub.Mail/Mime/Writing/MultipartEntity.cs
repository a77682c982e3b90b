namespace MailHub.Mail.Mime.Writing;

/// <summary>multipart/mixed, related or alternative (RFC 2046 §5.1): parts between boundary lines, no preamble.</summary>
internal sealed class MultipartEntity(string subtype, string boundary, IReadOnlyList<MimeEntity> parts, string? rootType = null) : MimeEntity
{
    public override async ValueTask WriteAsync(MimeOutput output, CancellationToken cancellationToken)
    {
        // RFC 2387 §3.1: multipart/related names the media type of its root part.
        var parameters = rootType is null
            ? new[] { ("boundary", boundary) }
            : [("type", rootType), ("boundary", boundary)];
        output.Write(ContentHeaders.ContentType("multipart/" + subtype, parameters, fileName: null, utf8Headers: false));
        output.Write("\r\n"u8);
        for (var i = 0; i < parts.Count; i++)
        {
            // RFC 2046 §5.1.1: the CRLF before a boundary line belongs to the boundary, so a part that
            // ends in a line break gets one more; only the first boundary may open the body bare.
            if (i > 0)
                output.Write("\r\n"u8);
            output.Write($"--{boundary}\r\n");
            await parts[i].WriteAsync(output, cancellationToken);
        }

        output.Write("\r\n"u8);
        output.Write($"--{boundary}--\r\n");
    }
}
