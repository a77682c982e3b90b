using System.Security.Cryptography;
using MailHub.Channels.Contracts;
using MailHub.Conversations.Contracts;
using MailHub.Conversations.Domain;
using MailHub.Mail.Mime;
using MimeKit;
using MailHub.People.Contracts;
using Microsoft.Extensions.Logging;

namespace MailHub.Conversations.Threading;

/// <summary>
/// Turns a received message into part of a conversation: finds its thread, matches its customer, opens,
/// appends or reopens, and reports bounces on the replies they are about.
/// </summary>
internal sealed partial class InboundThreading(
    IInboundMessages inbound,
    IMailboxDirectory mailboxes,
    ICustomerDirectory customers,
    ThreadLookup lookup,
    ConversationWriter writer,
    IGrainFactory grains,
    TimeProvider clock,
    ILogger<InboundThreading> logger)
{
    public async Task HandleAsync(MessageReceived received, CancellationToken cancellationToken)
    {
        if (received.MailboxId is not { } mailboxId || await lookup.IsKnownAsync(received.InboundMessageId, cancellationToken))
            return;
        var mailbox = await mailboxes.FindAsync(mailboxId, cancellationToken);
        if (mailbox is null)
        {
            LogNoMailbox(received.InboundMessageId, mailboxId);
            return;
        }
        await using var raw = await inbound.OpenRawAsync(received.InboundMessageId, cancellationToken);
        if (raw is null)
        {
            LogNoContent(received.InboundMessageId);
            return;
        }
        using var loaded = await MailReader.LoadAsync(raw, cancellationToken: cancellationToken);
        var message = loaded.Message;
        var mail = InboundMail.From(loaded, received.MailFrom, received.ReceivedAt);
        if (await lookup.IsDuplicateAsync(mailboxId, mail.MessageId, received.Sha256, cancellationToken))
        {
            LogDuplicate(received.InboundMessageId, mail.MessageId);
            return;
        }
        if (loaded.DeliveryStatus is { } report)
        {
            await HandleBounceAsync(mailbox, message, report, cancellationToken);
            return;
        }

        var recipients = received.RcptTo.Concat(message.To.Mailboxes.Concat(message.Cc.Mailboxes).Select(a => a.Address)).ToList();
        var target = await lookup.FindAsync(mailbox, mail, recipients, cancellationToken);
        var row = MessageRowOf(received, mail);
        // Appended by the conversation's grain, in turn with the agents' commands on it.
        if (target is { } conversationId && await grains.GetGrain<IConversationCommandsGrain>(conversationId).AppendInboundAsync(row, mail.AutomaticReason))
            return;
        if (mail.AutomaticReason == "our own message came back")
            return; // a loop with nothing to join: drop it rather than open anything
        await OpenAsync(mailbox, received, mail, row, cancellationToken);
    }

    private async Task OpenAsync(MailboxInfo mailbox, MessageReceived received, InboundMail mail, MessageRow row, CancellationToken cancellationToken)
    {
        var customer = await customers.MatchOrCreateAsync(mail.FromAddress, mail.FromName, cancellationToken);
        var conversationId = Guid.CreateVersion7();
        await writer.ExecuteAsync(conversationId, async (_, transaction, ct) =>
        {
            var now = clock.GetUtcNow();
            var number = await MessageRows.NextNumberAsync(transaction, ct);
            var subject = mail.Subject.Length == 0 ? "(no subject)" : mail.Subject;
            var stored = row with { ConversationId = conversationId };
            await MessageRows.InsertAsync(transaction, stored, ct);
            var snippet = mail.Text.Length > 200 ? mail.Text[..200] : mail.Text;
            // The list's row comes from this event (ConversationListProjection), the message's from the row just stored.
            return new Decision<bool>(
            [
                new ConversationOpened(conversationId, number, mailbox.Id, customer.Id, mail.FromAddress, subject, snippet,
                    // No language of our own: Routing guesses it from the subject and this text, the one guess its "try it" shows.
                    null, now, customer.Name, NewReplyToken()),
                ConversationCommands.Appended(stored, mail.AutomaticReason, now),
            ], true);
        }, cancellationToken);
        LogOpened(conversationId, received.InboundMessageId);
    }

    /// <summary>A delivery status notification marks the reply it reports on failed; it opens nothing.</summary>
    private async Task HandleBounceAsync(MailboxInfo mailbox, MimeMessage message, DeliveryStatusReport report, CancellationToken cancellationToken)
    {
        string?[] candidates = [report.OriginalMessageId, .. ThreadIds.InReplyTo(message), .. ThreadIds.References(message)];
        var ids = candidates.OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        var reply = ids.Length > 0 ? await lookup.FindReplyAsync(mailbox.Id, ids, cancellationToken) : null;
        var failed = report.Recipients.FirstOrDefault(r => r.Action is "failed" or "delayed") ?? report.Recipients.FirstOrDefault();
        if (reply is not { } found || failed is null || failed.Action is not ("failed" or null))
        {
            LogBounceUnmatched(message.MessageId, report.OriginalMessageId);
            return;
        }
        var detail = $"{failed.Status} {failed.DiagnosticCode}".Trim() + (failed.FinalRecipient is { } to ? $" ({to})" : "");
        await grains.GetGrain<IConversationCommandsGrain>(found.ConversationId)
            .SetDeliveryAsync(new DeliveryChange(found.MessageId, DeliveryState.Failed, detail, "bounce", clock.GetUtcNow()));
    }

    private static MessageRow MessageRowOf(MessageReceived received, InboundMail mail) =>
        new(Guid.CreateVersion7(), Guid.Empty, received.MailboxId!.Value, Direction.Inbound, mail.Date)
        {
            InboundMessageId = received.InboundMessageId,
            Sha256 = received.Sha256,
            RfcMessageId = mail.MessageId,
            InReplyTo = mail.InReplyTo.FirstOrDefault(),
            References = string.Join(' ', mail.References),
            FromAddress = mail.FromAddress,
            FromName = mail.FromName,
            To = mail.To,
            Cc = mail.Cc,
            Subject = mail.Subject,
            Text = mail.Text,
            Html = mail.Html,
            Automatic = mail.Automatic,
            AttachmentsJson = mail.AttachmentsJson,
            ReplyTo = mail.ReplyTo,
        };

    private static string NewReplyToken() => RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 10);

    [LoggerMessage(LogLevel.Warning, "Inbound message {InboundMessageId} names mailbox {MailboxId}, which does not exist; not threaded")]
    private partial void LogNoMailbox(Guid inboundMessageId, Guid mailboxId);

    [LoggerMessage(LogLevel.Warning, "Inbound message {InboundMessageId} has no stored content; not threaded")]
    private partial void LogNoContent(Guid inboundMessageId);

    [LoggerMessage(LogLevel.Information, "Inbound message {InboundMessageId} ({MessageId}) is a duplicate; stored once")]
    private partial void LogDuplicate(Guid inboundMessageId, string? messageId);

    [LoggerMessage(LogLevel.Information, "Opened conversation {ConversationId} for inbound message {InboundMessageId}")]
    private partial void LogOpened(Guid conversationId, Guid inboundMessageId);

    [LoggerMessage(LogLevel.Information, "Bounce {MessageId} about {OriginalMessageId} matches no reply of ours")]
    private partial void LogBounceUnmatched(string? messageId, string? originalMessageId);
}
