using System.Text;

namespace MailHub.Mail.Net;

/// <summary>
/// A buffered reader over the (TLS) stream. Lines are capped: a line longer than the limit is a protocol error,
/// never unbounded buffering. Works whatever size the server's segments have, one byte at a time included.
/// </summary>
internal sealed class MailStreamReader(Stream stream, int maxLineLength, Action onActivity)
{
    private const int InitialSize = 64 * 1024;
    private Stream stream = stream;
    private byte[] buffer = new byte[InitialSize];
    private int start;
    private int end;

    public int Buffered => end - start;

    /// <summary>The bytes read but not consumed yet.</summary>
    public ReadOnlySpan<byte> Span => buffer.AsSpan(start, end - start);

    public ReadOnlyMemory<byte> Memory => buffer.AsMemory(start, end - start);

    public int MaxLineLength => maxLineLength;

    public void Consume(int count) => start += count;

    public void ReplaceStream(Stream newStream)
    {
        // Anything buffered before TLS starts was sent in plaintext by someone: drop it (RFC 3207 §4.2 concerns).
        start = end = 0;
        stream = newStream;
    }

    /// <summary>Reads more bytes into the buffer; false at end of stream.</summary>
    public async ValueTask<bool> FillAsync(CancellationToken ct)
    {
        if (start > 0 && start == end)
            start = end = 0;
        if (end == buffer.Length)
        {
            if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            else
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }
        }
        var n = await stream.ReadAsync(buffer.AsMemory(end), ct);
        if (n == 0)
            return false;
        end += n;
        onActivity();
        return true;
    }

    public async ValueTask FillOrThrowAsync(CancellationToken ct)
    {
        if (!await FillAsync(ct))
            throw new MailProtocolException(MailErrorKind.Temporary, "The server closed the connection.");
    }

    /// <summary>Waits until a whole line is buffered; returns its length including the LF (the line is at <see cref="Span"/>).</summary>
    public async ValueTask<int> PeekLineAsync(CancellationToken ct)
    {
        var searched = 0;
        while (true)
        {
            var lf = buffer.AsSpan(start + searched, end - start - searched).IndexOf((byte)'\n');
            if (lf >= 0)
            {
                if (searched + lf > maxLineLength)
                    break;
                return searched + lf + 1;
            }
            searched = end - start;
            if (searched > maxLineLength)
                break;
            await FillOrThrowAsync(ct);
        }
        throw new MailProtocolException(MailErrorKind.Protocol, $"The server sent a line longer than {maxLineLength} bytes.");
    }

    /// <summary>Reads one line, without its CRLF, decoded as UTF-8 (invalid bytes replaced).</summary>
    public async ValueTask<string> ReadLineAsync(CancellationToken ct)
    {
        var length = await PeekLineAsync(ct);
        var line = Encoding.UTF8.GetString(TrimEol(buffer.AsSpan(start, length)));
        start += length;
        return line;
    }

    /// <summary>Copies exactly <paramref name="count"/> bytes to <paramref name="destination"/>.</summary>
    public async ValueTask CopyToAsync(Stream destination, long count, CancellationToken ct)
    {
        while (count > 0)
        {
            if (start == end)
                await FillOrThrowAsync(ct);
            var n = (int)Math.Min(count, end - start);
            await destination.WriteAsync(buffer.AsMemory(start, n), ct);
            start += n;
            count -= n;
        }
    }

    /// <summary>Reads up to <paramref name="count"/> bytes into <paramref name="destination"/>; 0 only when count is 0.</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> destination, long count, CancellationToken ct)
    {
        if (count == 0 || destination.Length == 0)
            return 0;
        if (start == end)
        {
            // Large reads bypass the buffer.
            if (destination.Length >= InitialSize)
            {
                var want = (int)Math.Min(count, destination.Length);
                var read = await stream.ReadAsync(destination[..want], ct);
                if (read == 0)
                    throw new MailProtocolException(MailErrorKind.Temporary, "The server closed the connection.");
                onActivity();
                return read;
            }
            await FillOrThrowAsync(ct);
        }
        var n = (int)Math.Min(Math.Min(count, end - start), destination.Length);
        buffer.AsSpan(start, n).CopyTo(destination.Span);
        start += n;
        return n;
    }

    public async ValueTask<byte> ReadByteAsync(CancellationToken ct)
    {
        if (start == end)
            await FillOrThrowAsync(ct);
        return buffer[start++];
    }

    public async ValueTask<byte> PeekByteAsync(CancellationToken ct)
    {
        if (start == end)
            await FillOrThrowAsync(ct);
        return buffer[start];
    }

    public static ReadOnlySpan<byte> TrimEol(ReadOnlySpan<byte> line)
    {
        if (line.Length > 0 && line[^1] == '\n')
            line = line[..^1];
        if (line.Length > 0 && line[^1] == '\r')
            line = line[..^1];
        return line;
    }
}
