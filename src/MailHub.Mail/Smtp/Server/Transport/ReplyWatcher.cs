using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace MailHub.Mail.Smtp.Server.Transport;

/// <summary>
/// The engine's output, watched: the transport learns from the replies when a DATA section follows
/// (354, RFC 5321 §4.1.1.4) and when a line is an AUTH response (334, RFC 4954 §4). Once the
/// transport has hung up, whatever the engine still writes goes nowhere.
/// </summary>
internal sealed class ReplyWatcher(PipeWriter inner) : PipeWriter
{
    private readonly byte[] _head = new byte[4];
    private PipeWriter _inner = inner;
    private Memory<byte> _memory;
    private int _lineLength;
    private bool _closed;
    private bool _dataStarts;

    /// <summary>The code of the last complete reply line written.</summary>
    public int LastReplyCode { get; private set; }

    /// <summary>True once after each 354: the next input is a DATA section.</summary>
    public bool TakeDataStart()
    {
        var starts = _dataStarts;
        _dataStarts = false;
        return starts;
    }

    internal void Replace(PipeWriter inner) => _inner = inner;

    /// <summary>A reply of the transport's own, written and flushed at once.</summary>
    internal async ValueTask ReplyAsync(string line, CancellationToken cancellationToken)
    {
        if (_closed)
        {
            return;
        }

        _inner.Write(Encoding.ASCII.GetBytes(line + "\r\n"));
        await _inner.FlushAsync(cancellationToken);
    }

    internal void Close() => _closed = true;

    public override void Advance(int bytes)
    {
        Watch(_memory.Span[..bytes]);
        _inner.Advance(bytes);
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) => _memory = _inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) =>
        _closed ? ValueTask.FromResult(new FlushResult(isCanceled: false, isCompleted: true)) : _inner.FlushAsync(cancellationToken);

    public override void CancelPendingFlush() => _inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => _inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => _inner.CompleteAsync(exception);

    private void Watch(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b == (byte)'\n')
            {
                // "354 text" (the last line of a reply has a space after the code, RFC 5321 §4.2.1).
                if (_lineLength >= 4 && _head[3] == (byte)' ' && char.IsAsciiDigit((char)_head[0]))
                {
                    LastReplyCode = ((_head[0] - '0') * 100) + ((_head[1] - '0') * 10) + (_head[2] - '0');
                    _dataStarts |= LastReplyCode == 354;
                }

                _lineLength = 0;
                continue;
            }

            if (_lineLength < _head.Length)
            {
                _head[_lineLength] = b;
            }

            _lineLength++;
        }
    }
}
