using System.Buffers;

namespace MailHub.Mail.Smtp.Server;

/// <summary>
/// The message as the client sent it (dot-stuffing undone), from the buffer the engine hands its
/// message store. The transport puts a CRLF before the DATA section, so that the engine's search
/// for CRLF "." CRLF also finds a terminator on the first line and unstuffs a first line that starts
/// with "." (RFC 5321 §4.5.2); the engine cuts the CRLF that ends the last line, which belongs to the
/// content (§4.1.1.4). So: drop the first two octets, give the last CRLF back.
/// </summary>
public static class MessageContent
{
    private static readonly ReadOnlyMemory<byte> Crlf = "\r\n"u8.ToArray();

    public static IEnumerable<ReadOnlyMemory<byte>> Of(ReadOnlySequence<byte> buffer)
    {
        if (buffer.Length < 2)
        {
            yield break; // an empty message: DATA then "." at once
        }

        foreach (var segment in buffer.Slice(2))
        {
            yield return segment;
        }

        yield return Crlf;
    }

    public static long LengthOf(ReadOnlySequence<byte> buffer) => buffer.Length < 2 ? 0 : buffer.Length;

    public static byte[] ToArray(ReadOnlySequence<byte> buffer)
    {
        var content = new byte[LengthOf(buffer)];
        var offset = 0;
        foreach (var piece in Of(buffer))
        {
            piece.Span.CopyTo(content.AsSpan(offset));
            offset += piece.Length;
        }

        return content;
    }
}
