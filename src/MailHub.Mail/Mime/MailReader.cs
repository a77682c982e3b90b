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
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);
        return Parse(stream, options ?? MailReadOptions.Default, owned: stream);
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
}
