using System.Runtime.InteropServices;
using MimeKit;

namespace MailHub.Mail.Mime;

/// <summary>
/// Loads mail with MimeKit, with what real (Chinese) mail needs on top: raw 8-bit headers decoded by the body's
/// charset (<see cref="RawHeaders"/>), charset labels as mail means them (<see cref="MailEncodings"/>), and mail
/// that does not begin with a header still read, as text. Never throws on bad input; what had to be guessed is in
/// <see cref="LoadedMail.Problems"/>.
/// </summary>
public static class MailReader
{
    /// <summary>Reads a message held in memory (not copied: part contents are views of it).</summary>
    public static LoadedMail Load(ReadOnlyMemory<byte> content, MailReadOptions? options = null)
    {
        var stream = MemoryMarshal.TryGetArray(content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false, publiclyVisible: true)
            : new MemoryStream(content.ToArray(), 0, content.Length, writable: false, publiclyVisible: true);
        return Parse(stream, options ?? MailReadOptions.Default, owned: stream);
    }

    /// <summary>Reads a message from a seekable stream in place (keep it open while the message is used).</summary>
    public static LoadedMail Load(Stream content, MailReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanSeek)
            throw new ArgumentException("The stream cannot seek: use LoadAsync, which copies it first.", nameof(content));
        return Parse(content, options ?? MailReadOptions.Default, owned: null);
    }

    /// <summary>
    /// Reads a message from a stream. A seekable stream is read in place (keep it open while the message is used);
    /// any other is copied first, to memory or, past 1 MB, to a temporary file that disposing the result deletes.
    /// </summary>
    public static async Task<LoadedMail> LoadAsync(Stream content, MailReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.CanSeek)
            return Parse(content, options ?? MailReadOptions.Default, owned: null);
        var spool = await Spool.CopyAsync(content, cancellationToken).ConfigureAwait(false);
        return Parse(spool, options ?? MailReadOptions.Default, owned: spool);
    }

    private static LoadedMail Parse(Stream content, MailReadOptions options, Stream? owned)
    {
        var problems = new List<string>();
        if (RepairHeaderSection(ref content, ref owned) is { } problem)
            problems.Add(problem);
        var start = content.Position;
        var (message, spans) = ParseOnce(content, start, options, problems);
        // Byte fix-ups MimeKit's first reading calls for (rare): applied to a copy, which MimeKit reads again.
        var edits = new List<ByteEdit>();
        if (spans is not null)
        {
            MultipartChecks.FindEdits(spans, content, start, edits, problems);
            if (message.Body is Multipart body && FindHeaderBreaks(body, content, edits))
                problems.Add(PartHeaderBreaks.Problem);
        }
        if (edits.Count > 0)
        {
            var repaired = new MemoryStream(ByteEdits.Apply(content, start, edits), writable: false);
            message.Dispose();
            owned?.Dispose();
            owned = repaired;
            content = repaired;
            (message, spans) = ParseOnce(content, 0, options, problems);
        }
        if (spans is not null)
            MultipartChecks.Check(message, spans, content, options, problems);
        RawHeaders.Repair(message, options, problems);
        return new LoadedMail(message, problems, owned);
    }

    private static (MimeMessage Message, MultipartSpans? Spans) ParseOnce(Stream content, long start, MailReadOptions options, List<string> problems)
    {
        content.Position = start;
        try
        {
            var parser = new MimeParser(options.Parser, content, persistent: true);
            var spans = new MultipartSpans();
            spans.Listen(parser);
            return (parser.ParseMessage(), spans);
        }
        catch (FormatException)
        {
            // MimeKit refuses mail that does not begin with a header (or begins with a line of spaces); it is still mail
            // someone sent us: keep it, show it as text, flag it.
            content.Position = start;
            problems.Add("the message does not begin with a header section; it is shown as text");
            return (Headerless.Read(content), null);
        }
    }

    /// <summary>Parts (not attached messages: they are read as they come) whose header runs into the body.</summary>
    private static bool FindHeaderBreaks(Multipart multipart, Stream content, List<ByteEdit> edits)
    {
        var found = false;
        foreach (var child in multipart)
        {
            found |= PartHeaderBreaks.Find(child, content, edits);
            if (child is Multipart inner)
                found |= FindHeaderBreaks(inner, content, edits);
        }
        return found;
    }

    /// <summary>Replaces the content by a repaired copy when its header section is broken (rare: the copy costs nothing otherwise).</summary>
    private static string? RepairHeaderSection(ref Stream content, ref Stream? owned)
    {
        var start = content.Position;
        HeaderSection.Repair? repair;
        if (content is MemoryStream memory && memory.TryGetBuffer(out var buffer))
        {
            repair = HeaderSection.Find(buffer.AsSpan((int)start));
        }
        else
        {
            var head = new byte[(int)Math.Min(content.Length - start, 64 * 1024)];
            content.ReadExactly(head);
            content.Position = start;
            repair = HeaderSection.Find(head);
        }
        if (repair is not { } r)
            return null;
        using var copy = new MemoryStream();
        content.CopyTo(copy);
        var repaired = new MemoryStream(HeaderSection.Apply(copy.GetBuffer().AsSpan(0, (int)copy.Length), r), writable: false);
        owned?.Dispose();
        owned = repaired;
        content = repaired;
        return r.Problem;
    }
}
