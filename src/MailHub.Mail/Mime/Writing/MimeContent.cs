namespace MailHub.Mail.Mime.Writing;

/// <summary>
/// The bytes of an attachment or inline image. Stream content is opened each time the message is written and read
/// in chunks, so large files are never held in memory, and a retried send writes the same bytes again.
/// </summary>
public abstract class MimeContent
{
    private protected MimeContent()
    {
    }

    public static MimeContent FromBytes(ReadOnlyMemory<byte> bytes) => new BytesContent(bytes);

    /// <summary>Content from a stream that <paramref name="open"/> returns; the writer disposes it after reading.</summary>
    public static MimeContent FromStream(Func<Stream> open)
    {
        ArgumentNullException.ThrowIfNull(open);
        return new StreamContent(open);
    }

    public static MimeContent FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new StreamContent(() => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan));
    }

    internal abstract Stream Open();

    private sealed class BytesContent(ReadOnlyMemory<byte> bytes) : MimeContent
    {
        internal override Stream Open() =>
            System.Runtime.InteropServices.MemoryMarshal.TryGetArray(bytes, out var segment)
                ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
                : new MemoryStream(bytes.ToArray(), writable: false);
    }

    private sealed class StreamContent(Func<Stream> open) : MimeContent
    {
        internal override Stream Open() =>
            open() ?? throw new InvalidOperationException("The attachment's stream factory returned null: return an open, readable stream.");
    }
}
