using System.Buffers;
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
        // One pass without copying: most bodies are padded or whole groups, and MimeKit decodes them.
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        long count = 0;
        try
        {
            raw.Position = 0;
            int read;
            while ((read = raw.Read(buffer, 0, buffer.Length)) > 0)
            {
                var chunk = buffer.AsSpan(0, read);
                if (chunk.Contains((byte)'='))
                    return null; // padded: MimeKit reads it
                count += read - Count(chunk, " \t\r\n"u8);
            }
        }
        finally
        {
            raw.Position = 0;
            ArrayPool<byte>.Shared.Return(buffer);
        }
        if (count % 4 is 0 or 1)
            return null; // whole groups, or a lone letter that carries no byte
        return Decode(raw);
    }

    private static int Count(ReadOnlySpan<byte> chunk, ReadOnlySpan<byte> blanks)
    {
        var n = 0;
        foreach (var b in blanks)
            n += chunk.Count(b);
        return n;
    }

    private static byte[]? Decode(Stream raw)
    {
        using var encoded = new MemoryStream();
        raw.CopyTo(encoded);
        raw.Position = 0;
        var letters = new List<byte>((int)encoded.Length + 3);
        foreach (var b in encoded.GetBuffer().AsSpan(0, (int)encoded.Length))
        {
            if (b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'+' or (byte)'/')
                letters.Add(b);
        }
        if (letters.Count % 4 is 0 or 1)
            return null;
        while (letters.Count % 4 != 0)
            letters.Add((byte)'=');
        var input = letters.ToArray();
        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(input.Length)];
        return Base64.DecodeFromUtf8(input, bytes, out _, out var written) == OperationStatus.Done ? bytes[..written] : null;
    }
}
