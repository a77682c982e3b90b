using System.Buffers;

namespace MailHub.Mail.Mime.Reading;

/// <summary>
/// Forward-only MIME reader: walks a message once and reports headers, boundaries and body lines to a handler.
/// It never throws on bad input; what it had to guess is reported as a warning. Boundaries follow RFC 2046 §5.1.1:
/// a line of "--" boundary, optionally "--", optionally trailing blanks; any enclosing boundary ends a part.
/// </summary>
public sealed class MimeReader : IDisposable
{
    private readonly LineSource _lines;
    private readonly MimeParserOptions _options;
    private readonly List<byte[]> _boundaries = [];
    private byte[] _header = ArrayPool<byte>.Shared.Rent(1024);
    private int _nameLength;
    private int _headerLength;
    private bool _headerTruncated;
    private IMimeReaderHandler _handler = null!;

    public MimeReader(ReadOnlyMemory<byte> message, MimeParserOptions? options = null)
    {
        _options = options ?? MimeParserOptions.Default;
        _lines = new LineSource(message);
    }

    public MimeReader(Stream message, MimeParserOptions? options = null)
    {
        _options = options ?? MimeParserOptions.Default;
        _lines = new LineSource(message, _options.MaxLineLength);
    }

    /// <summary>Reads the whole message, reporting to the handler.</summary>
    public void Read(IMimeReaderHandler handler)
    {
        _handler = handler;
        // An mbox "From " envelope line before the headers is not a header (RFC 4155).
        if (_lines.TryReadLine(out var first, out _) && !first.StartsWith("From "u8))
            _lines.Unread();
        ReadEntity(0, MimeContentType.TextPlain);
        // Anything after the top-level entity ended at a stray boundary line is left out.
        if (_lines.TryReadLine(out _, out _))
            _handler.Warning("data after the end of the message was ignored");
    }

    private enum HeadersEndedBy
    {
        BlankLine,
        EndOfInput,
        Boundary,
        BodyLine,
    }

    private void ReadEntity(int depth, MimeContentType defaultType)
    {
        _handler.EntityStart(depth);
        var endedBy = ReadHeaders(out var contentType);
        contentType ??= defaultType;
        var boundary = contentType.IsMultipart ? contentType.Boundary : null;
        var isMultipart = boundary is not null && depth < _options.MaxNestingDepth;
        if (contentType.IsMultipart && !isMultipart)
            _handler.Warning(boundary is null ? "multipart without a boundary read as one part" : "multipart nested too deep read as one part");
        if (endedBy is HeadersEndedBy.EndOfInput or HeadersEndedBy.Boundary)
            isMultipart = false;
        _handler.HeadersEnd(contentType, isMultipart);
        if (endedBy == HeadersEndedBy.BodyLine)
            _handler.Warning("no blank line after the headers");
        if (endedBy is HeadersEndedBy.EndOfInput or HeadersEndedBy.Boundary)
            _handler.BodyEnd(endedBy == HeadersEndedBy.Boundary);
        else if (isMultipart)
            ReadMultipart(depth, contentType, boundary!);
        else
            ReadLeafBody();
        _handler.EntityEnd();
    }

    private HeadersEndedBy ReadHeaders(out MimeContentType? contentType)
    {
        contentType = null;
        _headerLength = -1;
        var count = 0;
        while (true)
        {
            if (!_lines.TryReadLine(out var line, out var lineEnding))
            {
                FlushHeader(ref contentType, ref count);
                return HeadersEndedBy.EndOfInput;
            }
            if (_lines.IsContinuation)
            {
                // The rest of a line longer than MaxLineLength: a header loses it.
                continue;
            }
            if (line.IsEmpty)
            {
                FlushHeader(ref contentType, ref count);
                return lineEnding.IsEmpty ? HeadersEndedBy.EndOfInput : HeadersEndedBy.BlankLine;
            }
            if (line[0] is (byte)' ' or (byte)'\t')
            {
                if (_headerLength >= 0)
                    AppendHeader(line, lineEnding, continuation: true);
                else
                    _handler.Warning("header block starts with a folded line; ignored");
                continue;
            }
            if (line[0] == '-' && MatchBoundary(line, out _, out _))
            {
                _lines.Unread();
                FlushHeader(ref contentType, ref count);
                return HeadersEndedBy.Boundary;
            }
            var colon = HeaderNameLength(line);
            if (colon < 0)
            {
                if (line.StartsWith("From "u8))
                {
                    _handler.Warning("envelope line inside the headers ignored");
                    continue;
                }
                _lines.Unread();
                FlushHeader(ref contentType, ref count);
                return HeadersEndedBy.BodyLine;
            }
            FlushHeader(ref contentType, ref count);
            if (colon == 0)
            {
                _handler.Warning("header line with no name ignored");
                continue;
            }
            StartHeader(line[..colon], line[(colon + 1)..]);
        }
    }

    /// <summary>Length of the field name when the line is "name:" (printable ASCII but ':'), else -1.</summary>
    private static int HeaderNameLength(ReadOnlySpan<byte> line)
    {
        for (var i = 0; i < line.Length; i++)
        {
            var b = line[i];
            if (b == ':')
                return i;
            if (b is < 0x21 or > 0x7E)
                return -1;
        }
        return -1;
    }

    private void StartHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        _headerLength = 0;
        _headerTruncated = false;
        Ensure(name.Length);
        name.CopyTo(_header);
        _nameLength = name.Length;
        _headerLength = name.Length;
        AppendHeader(value, default, continuation: false);
    }

    private void AppendHeader(ReadOnlySpan<byte> line, ReadOnlySpan<byte> previousEnding, bool continuation)
    {
        if (_headerTruncated)
            return;
        var needed = line.Length + (continuation ? 2 : 0);
        if (_headerLength - _nameLength + needed > _options.MaxHeaderLength)
        {
            _headerTruncated = true;
            _handler.Warning("header field longer than the limit was cut");
            return;
        }
        Ensure(_headerLength + needed);
        if (continuation)
        {
            // Folding keeps a line break; unfolding later drops it (RFC 5322 §2.2.3).
            _header[_headerLength++] = (byte)'\r';
            _header[_headerLength++] = (byte)'\n';
        }
        line.CopyTo(_header.AsSpan(_headerLength));
        _headerLength += line.Length;
        _ = previousEnding;
    }

    private void Ensure(int size)
    {
        if (size <= _header.Length)
            return;
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(size, _header.Length * 2));
        _header.AsSpan(0, Math.Max(_headerLength, 0)).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_header);
        _header = bigger;
    }

    private void FlushHeader(ref MimeContentType? contentType, ref int count)
    {
        if (_headerLength < 0)
            return;
        var name = _header.AsSpan(0, _nameLength);
        var value = _header.AsSpan(_nameLength, _headerLength - _nameLength);
        _headerLength = -1;
        if (++count > _options.MaxHeaderCount)
        {
            if (count == _options.MaxHeaderCount + 1)
                _handler.Warning("too many header fields; the rest were dropped");
            return;
        }
        if (contentType is null && name.Length == 12 && System.Text.Ascii.EqualsIgnoreCase(name, "Content-Type"u8))
            contentType = MimeContentType.Parse(value);
        _handler.Header(name, value);
    }

    private void ReadLeafBody()
    {
        var hasBoundaries = _boundaries.Count > 0;
        while (_lines.TryReadLine(out var line, out var lineEnding))
        {
            if (hasBoundaries && line.Length >= 2 && line[0] == '-' && line[1] == '-' && MatchBoundary(line, out _, out _))
            {
                _lines.Unread();
                _handler.BodyEnd(beforeBoundary: true);
                return;
            }
            _handler.BodyLine(line, lineEnding);
        }
        _handler.BodyEnd(beforeBoundary: false);
    }

    private void ReadMultipart(int depth, MimeContentType contentType, string boundary)
    {
        var delimiter = new byte[boundary.Length + 2];
        delimiter[0] = delimiter[1] = (byte)'-';
        for (var i = 0; i < boundary.Length; i++)
            delimiter[i + 2] = (byte)boundary[i];
        _boundaries.Add(delimiter);
        var level = _boundaries.Count - 1;
        var childType = contentType.MediaSubtype == "digest" ? MimeContentType.MessageRfc822 : MimeContentType.TextPlain;
        try
        {
            // Preamble, up to the first boundary of this multipart.
            while (true)
            {
                if (!_lines.TryReadLine(out var line, out var lineEnding))
                {
                    _handler.Warning($"boundary \"{boundary}\" never found; multipart read as one part");
                    _handler.BoundaryNotFound(beforeBoundary: false);
                    return;
                }
                // An enclosing multipart's delimiter wins over our own when they are the same string.
                if (line.Length >= 2 && line[0] == '-' && line[1] == '-' && MatchBoundary(line, out var found, out var closing, outerFirst: true))
                {
                    if (found == level && !closing)
                        break;
                    _handler.Warning($"boundary \"{boundary}\" never found; multipart read as one part");
                    _handler.BoundaryNotFound(beforeBoundary: true);
                    if (found == level)
                    {
                        // Closed before any part opened: what follows is epilogue.
                        ReadEpilogue(level);
                        return;
                    }
                    _lines.Unread();
                    return;
                }
                _handler.PreambleLine(line, lineEnding);
            }
            while (true)
            {
                SkipRepeatedDelimiters(level);
                ReadEntity(depth + 1, childType);
                if (!_lines.TryReadLine(out var line, out _))
                {
                    _handler.Warning($"closing boundary \"{boundary}\" missing");
                    return;
                }
                MatchBoundary(line, out var found, out var closing);
                if (found != level)
                {
                    _lines.Unread();
                    _handler.Warning($"closing boundary \"{boundary}\" missing");
                    return;
                }
                if (closing)
                    break;
            }
            ReadEpilogue(level);
        }
        finally
        {
            _boundaries.RemoveAt(level);
        }
    }

    /// <summary>Delimiter lines in a row open one part, not empty ones (as the reference parser reads them).</summary>
    private void SkipRepeatedDelimiters(int level)
    {
        while (_lines.TryReadLine(out var line, out _))
        {
            if (!(line.Length >= 2 && line[0] == '-' && line[1] == '-' && MatchBoundary(line, out var found, out var closing) && found == level && !closing))
            {
                _lines.Unread();
                return;
            }
        }
    }

    private void ReadEpilogue(int level)
    {
        var outer = level > 0;
        while (_lines.TryReadLine(out var line, out var lineEnding))
        {
            if (outer && line.Length >= 2 && line[0] == '-' && line[1] == '-' && MatchBoundary(line, out var found, out _) && found < level)
            {
                _lines.Unread();
                return;
            }
            _handler.EpilogueLine(line, lineEnding);
        }
    }

    /// <summary>Whether the line is a delimiter of an open multipart (innermost first unless told otherwise).</summary>
    private bool MatchBoundary(ReadOnlySpan<byte> line, out int level, out bool closing, bool outerFirst = false)
    {
        for (var n = 0; n < _boundaries.Count; n++)
        {
            var i = outerFirst ? n : _boundaries.Count - 1 - n;
            var delimiter = _boundaries[i];
            if (!line.StartsWith(delimiter))
                continue;
            var rest = line[delimiter.Length..];
            closing = rest.StartsWith("--"u8);
            if (closing)
                rest = rest[2..];
            if (rest.TrimEnd(" \t"u8).IsEmpty)
            {
                level = i;
                return true;
            }
        }
        level = -1;
        closing = false;
        return false;
    }

    public void Dispose()
    {
        _lines.Dispose();
        ArrayPool<byte>.Shared.Return(_header);
        _header = [];
    }
}
