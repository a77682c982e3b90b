using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using MailHub.Channels.Addresses;
using MailHub.Mail.Smtp.Server;

namespace MailHub.Channels.Inbound;

/// <summary>
/// Takes one message from the SMTP session as it arrives, never holding a large one whole in memory:
/// content up to <c>InMemoryLimit</c> (256 KB) grows in a pooled buffer; past it, everything goes to
/// a temporary spool file and the buffer keeps only the start, for the header summary. The SHA-256 is
/// computed on the way. PostgreSQL then gets small messages as one array parameter per batch, and a
/// spooled one as a Stream parameter that Npgsql copies to the socket in pieces.
/// </summary>
internal sealed class InboundMessageWriter(ReceivedEnvelope envelope, byte[] trace, InboundWriterContext context) : IAsyncDisposable
{
    private const int InitialBuffer = 16 * 1024;

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[]? _buffer;
    private int _buffered;
    private FileStream? _spool;
    private long _size;
    private bool _handedOver;

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        _hash.AppendData(data.Span);
        _size += data.Length;
        if (_spool is null)
        {
            if (_buffered + data.Length <= context.InMemoryLimit)
            {
                EnsureCapacity(_buffered + data.Length);
                data.Span.CopyTo(_buffer.AsSpan(_buffered));
                _buffered += data.Length;
                return;
            }

            _spool = context.OpenSpool();
            if (_buffered > 0)
                await _spool.WriteAsync(_buffer.AsMemory(0, _buffered), cancellationToken);
        }

        await _spool.WriteAsync(data, cancellationToken);
    }

    public async ValueTask<Guid> CommitAsync(CancellationToken cancellationToken)
    {
        var sha256 = _hash.GetHashAndReset();
        var prefix = _buffer.AsMemory(0, _buffered);
        var summary = HeaderSummary.Read(prefix, complete: _spool is null);
        if (_spool is not null)
        {
            await _spool.FlushAsync(cancellationToken);
            _spool.Position = 0;
        }

        var pending = new PendingMessage
        {
            Id = Guid.CreateVersion7(envelope.ReceivedAt),
            Envelope = envelope,
            TraceHeader = trace, // our Received field: this delivery's, kept apart from the content (and its SHA-256)
            Sha256 = sha256,
            ContentSize = _size,
            Content = _spool is null ? prefix.ToArray() : null,
            Spool = _spool,
            Summary = summary,
            DedupeKey = DedupeKey(sha256, envelope),
            MailboxId = await context.MailboxOfAsync(envelope, cancellationToken),
        };
        _handedOver = true; // the queue disposes the spool once the message is stored or refused
        return await context.Queue.StoreAsync(pending, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _hash.Dispose();
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        if (_spool is not null && !_handedOver)
            await _spool.DisposeAsync();
    }

    /// <summary>
    /// What makes a retry the same delivery: the content (Message-ID included) and the envelope. Only
    /// rows committed after their client was told 451 are ever matched against it.
    /// </summary>
    private static byte[] DedupeKey(byte[] sha256, ReceivedEnvelope envelope)
    {
        var text = new StringBuilder(envelope.MailFrom);
        foreach (var recipient in envelope.Recipients.Order(StringComparer.OrdinalIgnoreCase))
            text.Append('\n').Append(recipient.ToLowerInvariant());
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(sha256);
        hash.AppendData(Encoding.UTF8.GetBytes(text.ToString()));
        return hash.GetHashAndReset();
    }

    private void EnsureCapacity(int needed)
    {
        if (_buffer is not null && _buffer.Length >= needed)
            return;
        var next = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Min(context.InMemoryLimit, Math.Max(InitialBuffer, (_buffer?.Length ?? 0) * 2))));
        if (_buffer is not null)
        {
            _buffer.AsSpan(0, _buffered).CopyTo(next);
            ArrayPool<byte>.Shared.Return(_buffer);
        }
        _buffer = next;
    }
}

/// <summary>What every writer shares: limits, the spool folder, the claims, the commit queue.</summary>
internal sealed class InboundWriterContext(int inMemoryLimit, string spoolDirectory, ClaimedAddresses claims, InboundCommitQueue queue)
{
    public int InMemoryLimit { get; } = inMemoryLimit;

    public InboundCommitQueue Queue { get; } = queue;

    public FileStream OpenSpool()
    {
        Directory.CreateDirectory(spoolDirectory);
        var path = Path.Combine(spoolDirectory, "mailhub-inbound-" + Guid.NewGuid().ToString("N") + ".eml");
        return new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
    }

    /// <summary>The mailbox that claimed the first recipient that a mailbox claimed; null when none did, or the claims cannot be read.</summary>
    public async ValueTask<Guid?> MailboxOfAsync(ReceivedEnvelope envelope, CancellationToken cancellationToken)
    {
        foreach (var recipient in envelope.Recipients)
        {
            try
            {
                if (await claims.FindAsync(recipient, cancellationToken) is { MailboxId: { } mailbox })
                    return mailbox;
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
            {
                return null; // the message is safe without it; Conversations can still route by address
            }
        }
        return null;
    }
}
