using System.Security.Cryptography;
using System.Text;
using MimeKit;

namespace MailHub.Mail.Mime;

/// <summary>A part's file name, decoded bytes and text, for MimeKit parts and attached messages alike.</summary>
public static class PartContent
{
    /// <summary>Content-Disposition filename (filename* wins, RFC 2231), else Content-Type name; null when neither.</summary>
    public static string? FileName(MimeEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var name = entity.ContentDisposition?.FileName ?? entity.ContentType.Name;
        return string.IsNullOrEmpty(name) ? null : name;
    }

    /// <summary>
    /// Lowercase type/subtype. A Content-Type with no subtype ("text", "; name=x") reads as text/plain, as RFC 2045 §5.2
    /// recommends (MimeKit reads application/octet-stream).
    /// </summary>
    public static string MediaType(MimeEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (entity.Headers[HeaderId.ContentType] is { } raw && !raw.AsSpan()[..Math.Max(0, raw.IndexOf(';', StringComparison.Ordinal) is var semi and >= 0 ? semi : raw.Length)].Contains('/'))
            return "text/plain";
        return entity.ContentType.MimeType.ToLowerInvariant();
    }

    /// <summary>Content-ID without its angle brackets, as written (MimeKit's ContentId is null for ids it finds invalid).</summary>
    public static string? ContentId(MimeEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (entity.ContentId is { } id)
            return id;
        var raw = entity.Headers[HeaderId.ContentId]?.Trim();
        if (string.IsNullOrEmpty(raw))
            return null;
        return raw.StartsWith('<') && raw.EndsWith('>') ? raw[1..^1].Trim() : raw;
    }

    /// <summary>Writes the decoded content: a part's bytes, an attached message as MimeKit writes it, a multipart without parts as its text.</summary>
    public static async Task WriteToAsync(MimeEntity entity, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        switch (entity)
        {
            case MimePart { Content: { } content } part:
                if (Base64Padding.DecodeUnpadded(part) is { } padded)
                    await destination.WriteAsync(padded, cancellationToken).ConfigureAwait(false);
                else
                    await content.DecodeToAsync(destination, cancellationToken).ConfigureAwait(false);
                break;
            case MessagePart { Message: { } message }:
                await message.WriteToAsync(destination, cancellationToken).ConfigureAwait(false);
                break;
            case Multipart multipart:
                await destination.WriteAsync(System.Text.Encoding.UTF8.GetBytes(multipart.Preamble + multipart.Epilogue), cancellationToken).ConfigureAwait(false);
                break;
            default:
                break;
        }
    }

    /// <summary>Size and lowercase hex SHA-256 of the decoded content.</summary>
    public static (long Size, string Sha256) Measure(MimeEntity entity)
    {
        using var sink = new HashingSink();
        switch (entity)
        {
            case MimePart { Content: { } content } part:
                if (Base64Padding.DecodeUnpadded(part) is { } padded)
                    sink.Write(padded);
                else
                    content.DecodeTo(sink);
                break;
            case MessagePart { Message: { } message }:
                message.WriteTo(sink);
                break;
            case Multipart multipart:
                sink.Write(System.Text.Encoding.UTF8.GetBytes(multipart.Preamble + multipart.Epilogue));
                break;
            default:
                break;
        }
        return (sink.Length, Convert.ToHexStringLower(sink.Hash()));
    }

    /// <summary>
    /// A text part decoded: by its charset label (gb2312 as GB18030, ...); when the label is missing, us-ascii or
    /// unknown, by the raw-text rule (UTF-8 when valid, else <paramref name="fallback"/>). CRLF turned into LF.
    /// </summary>
    public static string Text(MimePart part, Encoding fallback)
    {
        ArgumentNullException.ThrowIfNull(part);
        if (part.Content is null)
            return "";
        using var bytes = new MemoryStream();
        if (Base64Padding.DecodeUnpadded(part) is { } padded)
            bytes.Write(padded);
        else
            part.Content.DecodeTo(bytes);
        var span = bytes.GetBuffer().AsSpan(0, (int)bytes.Length);
        var encoding = RawHeaders.EncodingOf(part.ContentType);
        // ISO-2022-* and UTF-7 are 7-bit encodings: ASCII bytes are not ASCII text there.
        var text = encoding is null ? RawText.Decode(span, fallback)
            : Ascii.IsValid(span) && encoding.CodePage is not (50220 or 50221 or 50222 or 50225 or 52936) ? Encoding.ASCII.GetString(span)
            : RawText.GetString(encoding, span);
        return text.Contains('\r', StringComparison.Ordinal) ? text.Replace("\r\n", "\n", StringComparison.Ordinal) : text;
    }

    private sealed class HashingSink : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private long _length;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public byte[] Hash() => _hash.GetHashAndReset();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _hash.AppendData(buffer);
            _length += buffer.Length;
        }

        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                _hash.Dispose();
            base.Dispose(disposing);
        }
    }
}
