using MailHub.Campaigns.Content;
using MailHub.Channels.Contracts;
using Microsoft.Extensions.Logging;

namespace MailHub.Campaigns.Sending;

/// <summary>Counts every message that is not a campaign's in its mailbox's pace, as it enters the outbox.</summary>
internal sealed class ReplyPaceObserver(IGrainFactory grains, ILogger<ReplyPaceObserver> logger)
    : IOutboxObserver
{
    public void Enqueued(OutboundMessage message)
    {
        if (message.CorrelationId?.StartsWith(CampaignMail.CorrelationPrefix, StringComparison.Ordinal) == true)
            return;
        _ = NoteAsync(message.MailboxId);
    }

    private async Task NoteAsync(Guid mailboxId)
    {
        try
        {
            await grains.GetGrain<IMailboxPaceGrain>(mailboxId).NoteReplyAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogDebug(e, "The pace of mailbox {Mailbox} could not count a reply", mailboxId);
        }
    }
}
