using System.Buffers;

namespace MailHub.Mail.Mime;

/// <summary>
/// Collects a part's decoded content once: in one pooled buffer while small, then in a temporary file, so a large
/// attachment is never held in memory (and never held twice).
/// </summary>
internal sealed class ContentWriter : IDisposable
{
    private readonly int _maxInMemory;
    private readonly string? _tempDirectory;
    private byte[] _buffer;
    private int _length;
    private FileStream? _file;
    private string? _path;
    private long _fileLength;

    public ContentWriter(int maxInMemory, string? tempDirectory)
    {
        _maxInMemory = maxInMemory;
        _tempDirectory = tempDirectory;
        _buffer = ArrayPool<byte>.Shared.Rent(512);
    }

    public long Length => _file is null ? _length : _fileLength;

    /// <summary>Space for at least sizeHint bytes; call Advance with what was written.</summary>
    public Span<byte> GetSpan(int sizeHint)
    {
        if (_file is null && _length + sizeHint > _buffer.Length)
        {
            if (_length + sizeHint > _maxInMemory)
                SpillToFile();
            else
                Grow(_length + sizeHint);
        }
        if (_file is not null && _length + sizeHint > _buffer.Length)
        {
            FlushFile();
            if (sizeHint > _buffer.Length)
                Grow(sizeHint);
        }
        return _buffer.AsSpan(_length);
    }

    public void Advance(int count)
    {
        _length += count;
        if (_file is not null)
            _fileLength += count;
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
            return;
        data.CopyTo(GetSpan(data.Length));
        Advance(data.Length);
    }

    /// <summary>Ends writing and hands the content over; the writer is then empty.</summary>
    public MimeContent Complete()
    {
        if (_file is not null)
        {
            FlushFile();
            _file.Dispose();
            _file = null;
            var content = MimeContent.FromFile(_path!, _fileLength);
            _path = null;
            return content;
        }
        var bytes = _length == 0 ? [] : _buffer.AsSpan(0, _length).ToArray();
        _length = 0;
        return MimeContent.FromBytes(bytes);
    }

    /// <summary>Drops what was written.</summary>
    public void Reset()
    {
        if (_file is not null)
        {
            _file.Dispose();
            File.Delete(_path!);
            _file = null;
            _path = null;
        }
        _length = 0;
        _fileLength = 0;
    }

    private void Grow(int size)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(size, _buffer.Length * 2));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    private void SpillToFile()
    {
        _path = Path.Combine(_tempDirectory ?? Path.GetTempPath(), "mailhub-" + Guid.NewGuid().ToString("N") + ".part");
        _file = new FileStream(_path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1, FileOptions.SequentialScan);
        _fileLength = _length;
        if (_buffer.Length < 64 * 1024)
            Grow(64 * 1024);
    }

    private void FlushFile()
    {
        _file!.Write(_buffer, 0, _length);
        _length = 0;
    }

    public void Dispose()
    {
        if (_file is not null)
        {
            _file.Dispose();
            File.Delete(_path!);
            _file = null;
        }
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
