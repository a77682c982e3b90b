using MailHub.Channels.Contracts;
using MailHub.Channels.Inbound;
using MailHub.Core.Events;
using MailHub.Mail.Mime;

namespace MailHub.Channels.Mailboxes;

/// <summary>
/// Marks a mailbox verified when a reply to its test mail comes in (In-Reply-To or References name
/// the test's Message-ID). Cheap when nothing awaits verification: one EXISTS per received message.
/// </summary>
internal sealed class MailboxVerification(MailboxStore mailboxes, InboundMessages inbound) : IEventHandler
{
    public const string SubscriptionName = "channels.mailbox-verification";

    public async Task HandleAsync(RecordedEvent recordedEvent, CancellationToken cancellationToken)
    {
        if (recordedEvent.Type != MessageReceived.EventType || !await mailboxes.AnyAwaitingVerificationAsync(cancellationToken))
            return;
        var received = recordedEvent.As<MessageReceived>();
        await using var content = new MemoryStream();
        if (!await inbound.CopyContentAsync(received.InboundMessageId, content, cancellationToken))
            return;
        content.Position = 0;
        IReadOnlyList<string> repliedTo;
        try
        {
            using var message = MimeMessage.Parse(content);
            repliedTo = [.. message.InReplyTo, .. message.References];
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return; // unreadable: not a reply we can recognise
        }
        if (repliedTo.Count > 0)
            await mailboxes.MarkVerifiedAsync(repliedTo, cancellationToken);
    }
}
