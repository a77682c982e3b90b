using System.Buffers.Text;

namespace MailHub.Mail.Mime.Writing;

/// <summary>
/// Base64 (RFC 2045 §6.8) in lines of 76 characters ending in CRLF, fed in chunks of any size: bytes that do not fill
/// a line wait for the next chunk, so a stream is encoded without holding it whole.
/// </summary>
internal sealed class Base64LineWriter(MimeOutput output)
{
    /// <summary>57 bytes make exactly one 76-character line.</summary>
    private const int BytesPerLine = 57;
    private readonly byte[] pending = new byte[BytesPerLine];
    private readonly byte[] line = new byte[78];
    private int pendingCount;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var take = Math.Min(BytesPerLine - pendingCount, bytes.Length);
            bytes[..take].CopyTo(pending.AsSpan(pendingCount));
            pendingCount += take;
            bytes = bytes[take..];
            if (pendingCount == BytesPerLine)
            {
                WriteLine();
            }
        }
    }

    /// <summary>Writes the last, shorter line with its padding.</summary>
    public void Complete()
    {
        if (pendingCount > 0)
        {
            WriteLine();
        }
    }

    private void WriteLine()
    {
        Base64.EncodeToUtf8(pending.AsSpan(0, pendingCount), line, out _, out var written);
        line[written] = (byte)'\r';
        line[written + 1] = (byte)'\n';
        output.Write(line.AsSpan(0, written + 2));
        pendingCount = 0;
    }
}
