using MailHub.Mail.Smtp.Server;

namespace MailHub.Channels.Inbound;

/// <summary>The SMTP engine's message store: each message streams into an <see cref="InboundMessageWriter"/>.</summary>
internal sealed class InboundMessageStore(InboundWriterContext context) : IMessageStore
{
    public ValueTask<IMessageWriter> BeginAsync(SmtpTransaction transaction, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IMessageWriter>(new InboundMessageWriter(transaction, context));
}
