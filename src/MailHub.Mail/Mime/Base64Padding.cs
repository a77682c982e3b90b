using System.Buffers;
using System.Buffers.Text;
using MimeKit;

namespace MailHub.Mail.Mime;

/// <summary>
/// Base64 bodies whose letters do not end on a whole group (a cut "=" padding, or junk text after the data): MimeKit's
/// decoder drops the bytes of the last, partial group; we pad it (RFC 2045 §6.8 leaves it to the reader; other readers
/// do the same) and decode the letters of the whole body, skipping what is no base64 letter. Every other body is
/// MimeKit's to decode.
/// </summary>
internal static class Base64Padding
{
    private static readonly SearchValues<byte> Letters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"u8);

    /// <summary>The decoded bytes when the body is unpadded base64, else null (decode it with MimeKit).</summary>
    public static byte[]? DecodeUnpadded(MimePart part)
    {
        if (part.ContentTransferEncoding != ContentEncoding.Base64 || part.Content?.Stream is not { } raw)
            return null;
        // One pass without copying: most bodies are padded or whole groups, and MimeKit decodes them.
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        long letters = 0;
        try
        {
            raw.Position = 0;
            int read;
            while ((read = raw.Read(buffer, 0, buffer.Length)) > 0)
            {
                var chunk = buffer.AsSpan(0, read);
                if (chunk.Contains((byte)'='))
                    return null; // padded: MimeKit reads it
                letters += CountLetters(chunk);
            }
        }
        finally
        {
            raw.Position = 0;
            ArrayPool<byte>.Shared.Return(buffer);
        }
        if (letters % 4 is 0 or 1)
            return null; // whole groups, or a lone letter that carries no byte
        return Decode(raw);
    }

    private static int CountLetters(ReadOnlySpan<byte> chunk)
    {
        var count = 0;
        while (!chunk.IsEmpty)
        {
            var other = chunk.IndexOfAnyExcept(Letters);
            if (other < 0)
                return count + chunk.Length;
            count += other;
            chunk = chunk[(other + 1)..];
        }
        return count;
    }

    private static byte[]? Decode(Stream raw)
    {
        using var encoded = new MemoryStream();
        raw.CopyTo(encoded);
        raw.Position = 0;
        var letters = new List<byte>((int)encoded.Length + 3);
        foreach (var b in encoded.GetBuffer().AsSpan(0, (int)encoded.Length))
        {
            if (Letters.Contains(b))
                letters.Add(b);
        }
        if (letters.Count % 4 is 0 or 1)
            return null;
        // The last letter's bits past the last whole byte must be zero for .NET's decoder; other readers ignore them.
        var unused = letters.Count % 4 == 2 ? 0x0F : 0x03;
        letters[^1] = Alphabet[Alphabet.IndexOf(letters[^1]) & ~unused];
        while (letters.Count % 4 != 0)
            letters.Add((byte)'=');
        var input = letters.ToArray();
        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(input.Length)];
        return Base64.DecodeFromUtf8(input, bytes, out _, out var written) == OperationStatus.Done ? bytes[..written] : null;
    }

    private static ReadOnlySpan<byte> Alphabet => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"u8;
}
