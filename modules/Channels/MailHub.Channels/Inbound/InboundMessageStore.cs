using System.Buffers;
using MailHub.Mail.Smtp.Server;
using Microsoft.Extensions.Options;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace MailHub.Channels.Inbound;

/// <summary>
/// The SMTP engine's message store: the message, with our Received field kept apart from its content,
/// goes through an <see cref="InboundMessageWriter"/> into the group commit, and the client hears 250
/// only once it is durable; 451 when that takes longer than StoreTimeout or the store fails.
/// </summary>
internal sealed class InboundMessageStore(InboundWriterContext context, IOptions<SmtpServerOptions> options, TimeProvider time) : IMessageStore
{
    public async Task<SmtpResponse> SaveAsync(ISessionContext session, IMessageTransaction transaction, ReadOnlySequence<byte> buffer,
        CancellationToken cancellationToken)
    {
        var envelope = ReceivedEnvelope.Of(session, transaction, time.GetUtcNow());
        await using var writer = new InboundMessageWriter(envelope, ReceivedHeader.Build(envelope, options.Value.ServerName), context);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.StoreTimeout);
        try
        {
            foreach (var piece in MessageContent.Of(buffer))
                await writer.WriteAsync(piece, timeout.Token);

            // A store that ignores its token must still not hold the client past StoreTimeout.
            var id = await writer.CommitAsync(timeout.Token).AsTask().WaitAsync(timeout.Token);
            return SmtpReplies.Queued(id.ToString());
        }
        catch (SmtpResponseException e)
        {
            return e.Response;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Never 250 unless the store said so: the client keeps the message and retries (RFC 5321 §4.2.5).
            return SmtpReplies.NotStored;
        }
    }
}
