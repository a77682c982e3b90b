namespace MailHub.Mail.Net;

/// <summary>
/// A read-only, forward-only view of the next <c>length</c> bytes of the connection (an IMAP literal, say).
/// Whatever the reader leaves unread is skipped when the exchange goes on.
/// </summary>
internal sealed class BoundedReadStream(MailStreamReader reader, long length, CancellationToken exchangeToken) : Stream
{
    private readonly long length = length;
    private long remaining = length;

    public long Remaining => remaining;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => length - remaining;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (remaining == 0)
            return 0;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(exchangeToken, cancellationToken);
        var n = await reader.ReadAsync(buffer, remaining, linked.Token);
        remaining -= n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async Task CopyToAsync(Stream destination, int bufferSize, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(exchangeToken, cancellationToken);
        await reader.CopyToAsync(destination, remaining, linked.Token);
        remaining = 0;
    }

    /// <summary>Skips what the consumer did not read.</summary>
    public async ValueTask DrainAsync(CancellationToken ct)
    {
        if (remaining > 0)
        {
            await reader.CopyToAsync(Null, remaining, ct);
            remaining = 0;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("Mail streams are async only: use ReadAsync.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
