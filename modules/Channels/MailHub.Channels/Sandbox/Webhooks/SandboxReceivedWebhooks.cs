using JasperFx.Events;
using MailHub.Channels.Contracts;
using MailHub.Channels.Mailboxes;
using MailHub.Core.EventSourcing;

namespace MailHub.Channels.Sandbox.Webhooks;

/// <summary>Mail received by a sandbox mailbox (MessageReceived of a sandbox mailbox) goes to the webhooks that take "received".</summary>
internal sealed class SandboxReceivedWebhooks(MailboxStore mailboxes, SandboxWebhooks webhooks) : IEventHandler
{
    public const string SubscriptionName = "channels.sandbox-webhooks";

    public async Task HandleAsync(IEvent recorded, CancellationToken cancellationToken)
    {
        if (recorded.Data is not MessageReceived received || received.MailboxId is not { } mailboxId)
            return;
        if (await mailboxes.FindAsync(mailboxId, cancellationToken) is not { IsSandbox: true })
            return;
        await webhooks.EnqueueAsync(new WebhookPayload("received", received.InboundMessageId, received.ReceivedAt, mailboxId, received.MailFrom,
            received.RcptTo, null, null, received.Subject, received.MessageId, received.Size,
            webhooks.RawLink($"/api/inbound/messages/{received.InboundMessageId}/raw")), cancellationToken);
    }
}
