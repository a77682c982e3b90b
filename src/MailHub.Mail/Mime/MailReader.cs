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
        MimeMessage message;
        try
        {
            message = new MimeParser(options.Parser, content, persistent: true).ParseMessage();
        }
        catch (FormatException)
        {
            // MimeKit refuses mail that does not begin with a header (or begins with a line of spaces); it is still mail
            // someone sent us: keep it, show it as text, flag it.
            content.Position = start;
            message = Headerless.Read(content);
            problems.Add("the message does not begin with a header section; it is shown as text");
        }
        RawHeaders.Repair(message, options, problems);
        return new LoadedMail(message, problems, owned);
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
