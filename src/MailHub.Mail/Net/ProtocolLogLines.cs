using System.Text;

namespace MailHub.Mail.Net;

/// <summary>
/// The stream MailKit's <see cref="MailKit.ProtocolLogger"/> writes to (already prefixed "C: "/"S: " and with the
/// <see cref="MailKit.IAuthenticationSecretDetector"/>'s secrets replaced), cut into lines for the endpoint's log callback.
/// </summary>
internal sealed class ProtocolLogLines(Action<string> sink) : Stream
{
    private readonly MemoryStream line = new();

    /// <summary>A logger for a MailKit client, or MailKit's null logger when the endpoint has no log callback.</summary>
    public static MailKit.IProtocolLogger For(MailEndpoint endpoint) => endpoint.ProtocolLog is { } sink
        ? new MailKit.ProtocolLogger(new ProtocolLogLines(sink)) { RedactSecrets = true }
        : new MailKit.NullProtocolLogger();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        foreach (var b in buffer)
        {
            if (b != '\n')
            {
                line.WriteByte(b);
                continue;
            }
            var text = Encoding.UTF8.GetString(line.GetBuffer(), 0, (int)line.Length).TrimEnd('\r');
            line.SetLength(0);
            sink(text);
        }
    }

    public override void Flush()
    {
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            line.Dispose();
        base.Dispose(disposing);
    }
}
