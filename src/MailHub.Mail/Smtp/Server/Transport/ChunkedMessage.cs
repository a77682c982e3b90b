using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace MailHub.Mail.Smtp.Server.Transport;

/// <summary>
/// A BDAT message (RFC 3030) for an engine that only takes DATA: the chunks, taken byte for byte,
/// are kept as the DATA section the engine expects, dot-stuffed (RFC 5321 §4.5.2, which the engine
/// undoes) behind the CRLF that <see cref="MessageContent"/> strips, and terminated on LAST. A
/// message that does not end with CRLF gets one, since a DATA section cannot end otherwise.
/// </summary>
internal sealed class ChunkedMessage
{
    private readonly DataBlock _block = new();
    private bool _cr;
    private bool _lineStart = true;

    public ChunkedMessage() => _block.Append("\r\n"u8);

    /// <summary>Octets of content as the client sent them.</summary>
    public long Size { get; private set; }

    /// <summary>Octets held in memory, counted against the DATA budget.</summary>
    public long Held => _block.Length;

    public DataBlock Block => _block;

    public void Append(ReadOnlySequence<byte> bytes)
    {
        foreach (var memory in bytes)
        {
            Append(memory.Span);
        }
    }

    /// <summary>Ends the section: CRLF "." CRLF (RFC 5321 §4.1.1.4).</summary>
    public void Finish() => _block.Append(_lineStart ? ".\r\n"u8 : "\r\n.\r\n"u8);

    /// <summary>"BDAT" SP chunk-size [SP "LAST"] (RFC 3030 §2).</summary>
    public static bool TryParseCommand(ReadOnlySequence<byte> line, out long size, out bool last)
    {
        size = 0;
        last = false;
        var text = (line.IsSingleSegment ? line.FirstSpan : line.ToArray())[4..].Trim((byte)' ');
        var space = text.IndexOf((byte)' ');
        var number = space < 0 ? text : text[..space];
        if (!Utf8Parser.TryParse(number, out size, out var used) || used != number.Length || size < 0)
        {
            return false;
        }

        last = space >= 0 && Ascii.EqualsIgnoreCase(text[(space + 1)..].TrimStart((byte)' '), "LAST"u8);
        return space < 0 || last;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        Size += bytes.Length;
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (_lineStart && b == (byte)'.')
            {
                _block.Append(bytes[start..(i + 1)]);
                _block.Append("."u8); // a line that starts with "." gets another (RFC 5321 §4.5.2)
                start = i + 1;
            }

            _lineStart = _cr && b == (byte)'\n';
            _cr = b == (byte)'\r';
        }

        _block.Append(bytes[start..]);
    }
}
