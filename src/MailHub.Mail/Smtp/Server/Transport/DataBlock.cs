using System.Buffers;

namespace MailHub.Mail.Smtp.Server.Transport;

/// <summary>
/// A DATA section collected off the connection, in chunks that grow from 16 KB to 1 MB, handed to
/// the engine whole once its terminator is in. The chunks are plain arrays, not pooled: a message
/// store that gave up waiting (451) may still be reading them while the session goes on.
/// </summary>
internal sealed class DataBlock
{
    private const int FirstChunk = 16 * 1024;
    private const int LargestChunk = 1024 * 1024;

    private Segment? _first;
    private Segment? _last;
    private int _lastUsed;

    public long Length { get; private set; }

    public ReadOnlySequence<byte> Sequence =>
        _first is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(_first, 0, _last!, _lastUsed);

    public void Append(ReadOnlySpan<byte> bytes)
    {
        while (bytes.Length > 0)
        {
            if (_last is null || _lastUsed == _last.Chunk.Length)
            {
                Grow();
            }

            var room = _last!.Chunk.AsSpan(_lastUsed);
            var take = Math.Min(room.Length, bytes.Length);
            bytes[..take].CopyTo(room);
            _lastUsed += take;
            _last.Used = _lastUsed;
            Length += take;
            bytes = bytes[take..];
        }
    }

    public void Append(ReadOnlySequence<byte> bytes)
    {
        foreach (var memory in bytes)
        {
            Append(memory.Span);
        }
    }

    private void Grow()
    {
        var size = _last is null ? FirstChunk : Math.Min(_last.Chunk.Length * 2, LargestChunk);
        var segment = new Segment(new byte[size]);
        if (_last is null)
        {
            _first = segment;
        }
        else
        {
            _last.Link(segment);
        }

        _last = segment;
        _lastUsed = 0;
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] chunk)
        {
            Chunk = chunk;
            Memory = chunk;
        }

        public byte[] Chunk { get; }

        public int Used
        {
            set => Memory = Chunk.AsMemory(0, value);
        }

        public void Link(Segment next)
        {
            next.RunningIndex = RunningIndex + Memory.Length;
            Next = next;
        }
    }
}
