using System.Buffers;
using MailHub.Mail.Net;

namespace MailHub.Mail.Pop3;

/// <summary>Copies a dot-terminated multi-line response (RFC 1939 §3) to a stream, removing the byte-stuffing.</summary>
internal static class Pop3DotReader
{
    private const int Batch = 64 * 1024;

    public static async Task CopyAsync(MailStreamReader reader, Stream destination, CancellationToken ct)
    {
        var output = ArrayPool<byte>.Shared.Rent(Batch);
        var used = 0;
        try
        {
            while (true)
            {
                var length = await reader.PeekLineAsync(ct);
                var (contentLength, skip) = Measure(reader.Span[..length]);
                if (contentLength == 1 && skip == 1)
                {
                    reader.Consume(length);
                    break;
                }
                var needed = contentLength - skip + 2;
                if (used + needed > output.Length)
                {
                    await destination.WriteAsync(output.AsMemory(0, used), ct);
                    used = 0;
                }
                if (needed > output.Length)
                {
                    // A line longer than the batch (within the reader's cap): write it straight away.
                    await destination.WriteAsync(reader.Memory.Slice(skip, contentLength - skip), ct);
                    await destination.WriteAsync("\r\n"u8.ToArray(), ct);
                }
                else
                {
                    reader.Span.Slice(skip, contentLength - skip).CopyTo(output.AsSpan(used));
                    used += contentLength - skip;
                    output[used++] = (byte)'\r';
                    output[used++] = (byte)'\n';
                }
                reader.Consume(length);
            }
            if (used > 0)
                await destination.WriteAsync(output.AsMemory(0, used), ct);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(output);
        }
    }

    private static (int ContentLength, int Skip) Measure(ReadOnlySpan<byte> line)
    {
        var content = MailStreamReader.TrimEol(line);
        return (content.Length, content.Length > 0 && content[0] == '.' ? 1 : 0);
    }
}
