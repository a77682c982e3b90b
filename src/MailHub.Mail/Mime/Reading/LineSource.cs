using System.Buffers;

namespace MailHub.Mail.Mime.Reading;

/// <summary>
/// Lines of a message, either from memory (no copying) or from a stream through one buffer.
/// A line ends at CRLF, LF or a bare CR, as the reference parser splits them; a line longer than the
/// buffer's limit comes out in pieces with no terminator.
/// </summary>
internal sealed class LineSource : IDisposable
{
    private readonly Stream? _stream;
    private readonly int _maxLine;
    private byte[] _buffer;
    private readonly bool _rented;
    private int _pos;
    private int _end;
    private int _lastStart;
    private bool _eof;

    public LineSource(ReadOnlyMemory<byte> data)
    {
        if (System.Runtime.InteropServices.MemoryMarshal.TryGetArray(data, out var segment) && segment.Array is not null)
        {
            _buffer = segment.Array;
            _pos = segment.Offset;
            _end = segment.Offset + segment.Count;
        }
        else
        {
            _buffer = data.ToArray();
            _end = _buffer.Length;
        }
        _lastStart = _pos;
        _eof = true;
        _maxLine = int.MaxValue;
    }

    public LineSource(Stream stream, int maxLine)
    {
        _stream = stream;
        _maxLine = Math.Max(maxLine, 1024);
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(_maxLine + 2, 64 * 1024));
        _rented = true;
    }

    /// <summary>True when the line just read is the rest of a line that was too long and got cut.</summary>
    public bool IsContinuation { get; private set; }

    private bool _cut;
    private bool _cutBefore;

    /// <summary>Bytes consumed so far (approximate position in the message).</summary>
    public long Consumed { get; private set; }

    /// <summary>Reads the next line: its content and its line ending (empty at the end or for a cut line).</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> content, out ReadOnlySpan<byte> lineEnding)
    {
        while (true)
        {
            var available = _buffer.AsSpan(_pos, _end - _pos);
            var i = available.IndexOfAny((byte)'\r', (byte)'\n');
            if (i >= 0 && (available[i] == '\n' || i + 1 < available.Length || _eof))
            {
                var terminator = available[i] == '\r' && i + 1 < available.Length && available[i + 1] == '\n' ? 2 : 1;
                content = available[..i];
                lineEnding = available.Slice(i, terminator);
                Advance(i + terminator);
                return true;
            }
            if (_eof)
            {
                if (available.IsEmpty)
                {
                    content = default;
                    lineEnding = default;
                    return false;
                }
                content = available;
                lineEnding = default;
                Advance(available.Length);
                return true;
            }
            if (available.Length >= _maxLine)
            {
                // Too long: hand out what we have as a piece of a line.
                var cut = available.Length;
                if (available[cut - 1] == '\r')
                    cut--;
                content = available[..cut];
                lineEnding = default;
                Advance(cut, cut: true);
                return true;
            }
            Fill();
        }
    }

    /// <summary>Puts the line just read back, so the next read returns it again.</summary>
    public void Unread()
    {
        _cut = IsContinuation;
        IsContinuation = _cutBefore;
        Consumed -= _pos - _lastStart;
        _pos = _lastStart;
    }

    private void Advance(int count, bool cut = false)
    {
        _cutBefore = IsContinuation;
        IsContinuation = _cut;
        _cut = cut;
        _lastStart = _pos;
        _pos += count;
        Consumed += count;
    }

    private void Fill()
    {
        // Keep the last line (it may be unread) and everything after it.
        var keepFrom = _lastStart;
        var kept = _end - keepFrom;
        if (keepFrom > 0)
        {
            Buffer.BlockCopy(_buffer, keepFrom, _buffer, 0, kept);
            _pos -= keepFrom;
            _lastStart = 0;
            _end = kept;
        }
        if (_end == _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, _maxLine * 2 + 4));
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        var read = _stream!.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
            _eof = true;
        _end += read;
    }

    public void Dispose()
    {
        if (_rented)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
