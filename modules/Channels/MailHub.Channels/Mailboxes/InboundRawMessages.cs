using MailHub.Channels.Contracts;
using MailHub.Channels.Inbound;

namespace MailHub.Channels.Mailboxes;

/// <summary>
/// IInboundMessages for other modules: the stored bytes exactly as received. Small messages come in
/// memory; large ones (up to 35 MB) through a temporary file deleted when the stream is disposed.
/// </summary>
internal sealed class InboundRawMessages(InboundMessages messages) : IInboundMessages
{
    private const long InMemoryLimit = 1024 * 1024;

    public async Task<Stream?> OpenRawAsync(Guid inboundMessageId, CancellationToken cancellationToken = default)
    {
        if (await messages.RawSizeAsync(inboundMessageId, cancellationToken) is not { } size)
            return null;
        Stream target = size <= InMemoryLimit
            ? new MemoryStream((int)size)
            : new FileStream(Path.Combine(Path.GetTempPath(), "mailhub-raw-" + Guid.NewGuid().ToString("N")), FileMode.CreateNew,
                FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        try
        {
            if (!await messages.CopyRawAsync(inboundMessageId, target, cancellationToken))
            {
                await target.DisposeAsync();
                return null;
            }
            target.Position = 0;
            return target;
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }
    }
}
