using MailHub.Channels.Contracts;
using MailHub.Channels.Inbound;
using JasperFx.Events;
using MailHub.Core.EventSourcing;
using MailHub.Mail.Mime;

namespace MailHub.Channels.Mailboxes;

/// <summary>
/// Marks a mailbox verified when a reply to its test mail comes in (In-Reply-To or References name
/// the test's Message-ID). Costs nothing for mail that names no earlier message, and one EXISTS for
/// a reply while nothing awaits verification.
/// </summary>
internal sealed class MailboxVerification(MailboxStore mailboxes, InboundMessages inbound) : IEventHandler
{
    public const string SubscriptionName = "channels.mailbox-verification";

    public async Task HandleAsync(IEvent recorded, CancellationToken cancellationToken)
    {
        if (recorded.Data is not MessageReceived received)
            return;
        if (received.IsReply == false || !await mailboxes.AnyAwaitingVerificationAsync(cancellationToken))
            return;
        await using var content = new MemoryStream();
        if (!await inbound.CopyContentAsync(received.InboundMessageId, content, cancellationToken))
            return;
        content.Position = 0;
        IReadOnlyList<string> repliedTo;
        try
        {
            using var mail = await MailReader.LoadAsync(content, cancellationToken: cancellationToken);
            repliedTo = [.. ThreadIds.InReplyTo(mail.Message), .. ThreadIds.References(mail.Message)];
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return; // unreadable: not a reply we can recognise
        }
        if (repliedTo.Count > 0)
            await mailboxes.MarkVerifiedAsync(repliedTo, cancellationToken);
    }
}
