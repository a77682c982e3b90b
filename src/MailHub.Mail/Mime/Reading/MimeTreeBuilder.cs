using System.Text;

namespace MailHub.Mail.Mime.Reading;

/// <summary>Builds the part tree from reader events, decoding each leaf's body as it streams by.</summary>
internal sealed class MimeTreeBuilder(MessageContext context) : IMimeReaderHandler, IDisposable
{
    private readonly Stack<Multipart> _open = new();
    private readonly Stack<bool> _frames = new();
    private readonly ContentWriter _writer = new(context.Options.MaxContentInMemory, context.Options.TempDirectory);
    private readonly BodyDecoder _decoder = new();
    private MimeHeaderList? _headers;
    private TransferEncoding _transferEncoding;
    private MimeContentType _contentType = MimeContentType.TextPlain;
    private byte _pendingLineEnding; // 0 none, 1 LF, 2 CRLF, 3 CR
    private bool _inPreamble;

    public MimeEntity? Root { get; private set; }

    public void EntityStart(int depth)
    {
        if (_inPreamble)
        {
            // The first part begins: the preamble is not content.
            _writer.Reset();
            _inPreamble = false;
        }
        _frames.Push(false);
        _headers = new MimeHeaderList(context);
        _transferEncoding = TransferEncoding.Identity;
    }

    public void Header(ReadOnlySpan<byte> name, ReadOnlySpan<byte> rawValue)
    {
        var fieldName = FieldNames.Get(name);
        if (name.Length == 25 && string.Equals(fieldName, "Content-Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && _headers!.Find(fieldName) is null)
            _transferEncoding = TransferEncodings.Parse(rawValue);
        _headers!.Add(new MimeHeader(fieldName, rawValue.ToArray()));
    }

    public void HeadersEnd(MimeContentType contentType, bool isMultipart)
    {
        _contentType = contentType;
        _pendingLineEnding = 0;
        _writer.Reset();
        if (isMultipart)
        {
            var multipart = new Multipart(_headers!, contentType);
            Attach(multipart);
            _open.Push(multipart);
            _frames.Pop();
            _frames.Push(true);
            _decoder.Reset(TransferEncoding.Identity);
            _inPreamble = true;
        }
        else
        {
            _decoder.Reset(_transferEncoding);
        }
    }

    public void BodyLine(ReadOnlySpan<byte> content, ReadOnlySpan<byte> lineEnding)
    {
        if (_pendingLineEnding != 0)
            WritePendingLineEnding();
        var keep = _decoder.Line(content, _writer);
        _pendingLineEnding = !keep || lineEnding.IsEmpty ? (byte)0 : lineEnding.Length == 2 ? (byte)2 : lineEnding[0] == '\n' ? (byte)1 : (byte)3;
    }

    public void BodyEnd(bool beforeBoundary)
    {
        if (!beforeBoundary && _pendingLineEnding != 0)
            WritePendingLineEnding();
        _pendingLineEnding = 0;
        _decoder.Finish(_writer);
        Attach(new MimePart(_headers!, _contentType, _transferEncoding, _writer.Complete()));
    }

    public void PreambleLine(ReadOnlySpan<byte> content, ReadOnlySpan<byte> lineEnding) => BodyLine(content, lineEnding);

    public void BoundaryNotFound(bool beforeBoundary)
    {
        // Like the reference parser: the multipart becomes a leaf holding its whole body.
        _inPreamble = false;
        // Unlike a part's body, the reference keeps the last line break here.
        _ = beforeBoundary;
        if (_pendingLineEnding != 0)
            WritePendingLineEnding();
        _pendingLineEnding = 0;
        var multipart = _open.Pop();
        _frames.Pop();
        _frames.Push(false);
        var raw = _writer.Complete();
        var transferEncoding = multipart.Headers.GetRaw("Content-Transfer-Encoding") is { } cte ? TransferEncodings.Parse(cte.Span) : TransferEncoding.Identity;
        if (transferEncoding != TransferEncoding.Identity)
            raw = Redecode(raw, transferEncoding);
        var leaf = new MimePart(multipart.Headers, multipart.ContentType, transferEncoding, raw);
        if (_open.TryPeek(out var parent))
            parent.ReplaceLast(leaf);
        else
            Root = leaf;
    }

    public void EpilogueLine(ReadOnlySpan<byte> content, ReadOnlySpan<byte> lineEnding)
    {
    }

    public void EntityEnd()
    {
        // Each entity that opened a multipart closes it (unless it turned into a leaf).
        if (_frames.Pop())
            _open.Pop();
    }

    public void Warning(string message) => context.Warnings.Add(message);

    private void Attach(MimeEntity entity)
    {
        if (_open.TryPeek(out var parent))
            parent.Add(entity);
        else
            Root ??= entity;
    }

    private void WritePendingLineEnding()
    {
        ReadOnlySpan<byte> ending = _pendingLineEnding switch
        {
            1 => "\n"u8,
            2 => "\r\n"u8,
            _ => "\r"u8,
        };
        _decoder.LineEnding(ending, _writer);
        _pendingLineEnding = 0;
    }

    private MimeContent Redecode(MimeContent raw, TransferEncoding transferEncoding)
    {
        var bytes = raw.ToArray();
        raw.Dispose();
        _decoder.Reset(transferEncoding);
        _writer.Reset();
        var rest = bytes.AsSpan();
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? default : rest[(end + 1)..];
            var lineEnding = end < 0 ? default : "\n"u8;
            if (line.Length > 0 && line[^1] == '\r')
            {
                line = line[..^1];
                lineEnding = "\r\n"u8;
            }
            BodyLine(line, lineEnding);
        }
        if (_pendingLineEnding != 0)
            WritePendingLineEnding();
        _decoder.Finish(_writer);
        return _writer.Complete();
    }

    public void Dispose() => _writer.Dispose();
}

/// <summary>Interned spellings of the common field names, so each header does not allocate its name.</summary>
internal static class FieldNames
{
    private static readonly string[] Common =
    [
        "From", "To", "Cc", "Bcc", "Subject", "Date", "Message-ID", "Message-Id", "In-Reply-To", "References", "Reply-To",
        "Sender", "Return-Path", "Received", "MIME-Version", "Mime-Version", "Content-Type", "Content-Transfer-Encoding",
        "Content-Disposition", "Content-ID", "Content-Id", "X-Mailer", "DKIM-Signature", "Content-Description",
        "Content-Language", "Thread-Index", "Thread-Topic", "X-Priority", "Importance", "List-Unsubscribe",
        "Authentication-Results", "ARC-Seal", "X-Originating-IP", "Delivered-To", "X-Spam-Status",
    ];

    public static string Get(ReadOnlySpan<byte> name)
    {
        foreach (var candidate in Common)
        {
            if (candidate.Length == name.Length && Matches(candidate, name))
                return candidate;
        }
        return Encoding.Latin1.GetString(name);
    }

    private static bool Matches(string candidate, ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < name.Length; i++)
        {
            if (candidate[i] != name[i])
                return false;
        }
        return true;
    }
}
