using System.Text;
using MimeKit;

namespace MailHub.Mail.Mime;

/// <summary>
/// What MimeKit leaves unsaid about multiparts, read from the raw bytes where a multipart's shape calls for it:
/// a closing boundary that never came, a multipart nested deeper than the limit (MimeKit keeps it as one part), and a
/// multipart whose boundary never came (MimeKit reads no parts and keeps the text as preamble): like other readers
/// we make it one part holding its raw body up to the closing delimiter, or, when only "--b" then "--b--" came, one
/// empty part (RFC 2046 §5.1.1: the delimiter opens a part, even an empty one).
/// </summary>
internal static class MultipartChecks
{
    private const int TailWindow = 64 * 1024;

    /// <summary>Edits a second reading needs (boundaries too long, or ending in blanks); empty for nearly all mail.</summary>
    public static void FindEdits(MultipartSpans spans, Stream content, long start, List<ByteEdit> edits, List<string> problems)
    {
        var renamed = new HashSet<string>(StringComparer.Ordinal);
        HashSet<string>? shortNames = null;
        bool trimmed = false, shortened = false;
        foreach (var span in spans.All)
        {
            if (span.Multipart.Boundary is not { } boundary || renamed.Contains(boundary))
                continue;
            if (LongBoundaries.IsTooLong(boundary))
            {
                LongBoundaries.Rename(boundary, content, start, edits, shortNames ??= []);
                renamed.Add(boundary);
                shortened = true;
            }
            else if (span.Multipart.Count == 0 && BlankBoundaries.EndsInBlank(boundary))
            {
                BlankBoundaries.Trim(boundary, content, start, edits);
                renamed.Add(boundary);
                trimmed = true;
            }
        }
        if (shortened)
            problems.Add(LongBoundaries.Problem);
        if (trimmed)
            problems.Add(BlankBoundaries.Problem);
    }

    public static void Check(MimeMessage message, MultipartSpans spans, Stream content, MailReadOptions options, List<string> problems)
    {
        if (message.Body is { } body && HasTooDeep(body))
            problems.Add($"multipart nested deeper than {options.MaxNestingDepth} levels read as one part");
        foreach (var span in spans.All)
        {
            if (span.Multipart.Boundary is not { Length: > 0 } boundary)
                continue;
            var close = Encoding.UTF8.GetBytes("--" + boundary + "--");
            if (span.Multipart.Count > 0)
            {
                if (Tail(content, span).LastIndexOf(close) < 0)
                    problems.Add($"closing boundary \"{boundary}\" missing");
                continue;
            }
            // The line break before the next delimiter stays with the text here, as other readers keep it.
            var raw = Read(content, span.BodyStart, span.End + LineBreakAt(content, span.End));
            if (raw.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
                continue; // no body at all (a header section read alone, as the inbound summary does): nothing is wrong
            var closeLine = LineStart(raw, close);
            if (LineStart(raw.AsSpan(0, closeLine < 0 ? raw.Length : closeLine), Encoding.UTF8.GetBytes("--" + boundary)) >= 0)
            {
                span.Multipart.Add(new TextPart("plain") { Text = "" });
                problems.Add($"multipart \"{boundary}\" closed right after its first delimiter: read as one empty part");
            }
            else
            {
                Replace(message, span.Multipart, Leaf(span.Multipart, closeLine < 0 ? raw : raw[..closeLine]));
                problems.Add($"boundary \"{boundary}\" never found; multipart read as one part");
            }
        }
    }

    /// <summary>MimeKit makes a multipart past <see cref="ParserOptions.MaxMimeDepth"/> a MimePart of the multipart type.</summary>
    private static bool HasTooDeep(MimeEntity entity) => entity switch
    {
        Multipart multipart => multipart.Any(HasTooDeep),
        MimePart part => part.ContentType.MediaType.Equals("multipart", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    private static MimePart Leaf(Multipart multipart, byte[] raw)
    {
        var leaf = new MimePart(multipart.ContentType);
        foreach (var header in multipart.Headers)
        {
            if (header.Id != HeaderId.ContentType)
                leaf.Headers.Add(header.Clone());
        }
        leaf.Content = new MimeContent(new MemoryStream(raw, writable: false));
        return leaf;
    }

    private static bool Replace(MimeMessage message, Multipart target, MimeEntity with)
    {
        if (ReferenceEquals(message.Body, target))
        {
            message.Body = with;
            return true;
        }
        return message.Body is { } body && Replace(body, target, with);
    }

    private static bool Replace(MimeEntity entity, Multipart target, MimeEntity with)
    {
        switch (entity)
        {
            case Multipart multipart:
                for (var i = 0; i < multipart.Count; i++)
                {
                    if (ReferenceEquals(multipart[i], target))
                    {
                        multipart[i] = with;
                        return true;
                    }
                    if (Replace(multipart[i], target, with))
                        return true;
                }
                return false;
            case MessagePart { Message: { } inner }:
                return Replace(inner, target, with);
            default:
                return false;
        }
    }

    /// <summary>Where the first line that is <paramref name="delimiter"/> (blanks after it allowed) starts, or -1.</summary>
    private static int LineStart(ReadOnlySpan<byte> raw, ReadOnlySpan<byte> delimiter)
    {
        for (var line = 0; line < raw.Length;)
        {
            var end = raw[line..].IndexOf((byte)'\n');
            var text = end < 0 ? raw[line..] : raw[line..(line + end)];
            if (text.StartsWith(delimiter) && text[delimiter.Length..].Trim(" \t\r"u8).IsEmpty)
                return line;
            line = end < 0 ? raw.Length : line + end + 1;
        }
        return -1;
    }

    /// <summary>The last 64 KB of a multipart's body: its closing delimiter is there unless the epilogue is huge.</summary>
    private static ReadOnlySpan<byte> Tail(Stream content, MultipartSpans.Span span)
    {
        var from = Math.Max(span.BodyStart, span.End - TailWindow);
        if (content is MemoryStream memory && memory.TryGetBuffer(out var buffer) && span.End <= buffer.Count)
            return buffer.AsSpan((int)from, (int)(span.End - from));
        return Read(content, from, span.End);
    }

    private static int LineBreakAt(Stream content, long offset)
    {
        if (offset >= content.Length)
            return 0;
        var position = content.Position;
        content.Position = offset;
        var first = content.ReadByte();
        var second = content.ReadByte();
        content.Position = position;
        return first == '\n' ? 1 : first == '\r' && second == '\n' ? 2 : 0;
    }

    private static byte[] Read(Stream content, long from, long to)
    {
        var position = content.Position;
        var bytes = new byte[Math.Max(0, to - from)];
        content.Position = from;
        content.ReadExactly(bytes);
        content.Position = position;
        return bytes;
    }
}
