using System.Buffers;
using System.Text;

namespace MailHub.Mail.Mime.Writing;

/// <summary>
/// Buffers what the writer produces and hands it to the stream in large asynchronous writes, so header lines and
/// base64 lines do not each become a write call.
/// </summary>
internal sealed class MimeOutput(Stream stream)
{
    private const int FlushThreshold = 64 * 1024;
    private readonly ArrayBufferWriter<byte> buffer = new(FlushThreshold + 8 * 1024);
    private byte last1;
    private byte last2;

    /// <summary>True when nothing has been written yet or the last thing written was CRLF.</summary>
    public bool AtLineStart { get; private set; } = true;

    public void Write(string text) => Write(Encoding.UTF8.GetBytes(text));

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        buffer.Write(bytes);
        last2 = bytes.Length > 1 ? bytes[^2] : last1;
        last1 = bytes[^1];
        AtLineStart = last2 == '\r' && last1 == '\n';
    }

    public void EnsureLineStart()
    {
        if (!AtLineStart)
        {
            Write("\r\n"u8);
        }
    }

    public ValueTask FlushIfFullAsync(CancellationToken cancellationToken) =>
        buffer.WrittenCount >= FlushThreshold ? FlushAsync(cancellationToken) : ValueTask.CompletedTask;

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (buffer.WrittenCount > 0)
        {
            await stream.WriteAsync(buffer.WrittenMemory, cancellationToken);
            buffer.ResetWrittenCount();
        }
    }
}
