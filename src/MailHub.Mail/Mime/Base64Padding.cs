using System.Buffers.Text;
using MimeKit;

namespace MailHub.Mail.Mime;

/// <summary>
/// Base64 bodies whose last group lacks its "=" padding (some mailers cut it): MimeKit's decoder drops the bytes of
/// that group; we pad it (RFC 2045 §6.8 leaves it to the reader) and decode the whole body. Every other body is
/// MimeKit's to decode.
/// </summary>
internal static class Base64Padding
{
    /// <summary>The decoded bytes when the body is unpadded base64, else null (decode it with MimeKit).</summary>
    public static byte[]? DecodeUnpadded(MimePart part)
    {
        if (part.ContentTransferEncoding != ContentEncoding.Base64 || part.Content?.Stream is not { } raw)
            return null;
        using var encoded = new MemoryStream();
        raw.Position = 0;
        raw.CopyTo(encoded);
        raw.Position = 0;
        var text = encoded.GetBuffer().AsSpan(0, (int)encoded.Length);
        var letters = new byte[text.Length + 3];
        var count = 0;
        foreach (var b in text)
        {
            if (b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'+' or (byte)'/')
                letters[count++] = b;
            else if (b == '=')
                return null; // padded: MimeKit reads it
        }
        if (count % 4 is 0 or 1)
            return null; // whole groups, or a lone letter that carries no byte
        while (count % 4 != 0)
            letters[count++] = (byte)'=';
        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(count)];
        return Base64.DecodeFromUtf8(letters.AsSpan(0, count), bytes, out _, out var written) == System.Buffers.OperationStatus.Done
            ? bytes[..written]
            : null;
    }
}
