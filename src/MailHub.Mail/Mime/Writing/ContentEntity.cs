namespace MailHub.Mail.Mime.Writing;

/// <summary>An attachment or inline image: base64, read from its stream in chunks.</summary>
internal sealed class ContentEntity(
    string mediaType, MimeContent content, string disposition, string? fileName, string? contentId, bool utf8Headers) : MimeEntity
{
    private const int ChunkSize = 57 * 1024;

    public override async ValueTask WriteAsync(MimeOutput output, CancellationToken cancellationToken)
    {
        output.Write(ContentHeaders.ContentType(mediaType, [], fileName, utf8Headers));
        output.Write("Content-Transfer-Encoding: base64\r\n");
        output.Write(ContentHeaders.ContentDisposition(disposition, fileName, utf8Headers));
        if (contentId is not null)
        {
            output.Write(HeaderFolder.Fold("Content-ID", [HeaderToken.Literal($"<{contentId}>")]));
        }

        output.Write("\r\n"u8);
        var base64 = new Base64LineWriter(output);
        var chunk = new byte[ChunkSize];
        var stream = content.Open();
        await using (stream.ConfigureAwait(false))
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                base64.Write(chunk.AsSpan(0, read));
                await output.FlushIfFullAsync(cancellationToken);
            }
        }

        base64.Complete();
    }
}
