using System.Text.Json;
using MailHub.Channels.Contracts;
using MailHub.Conversations.Domain;
using MailHub.Conversations.Reading;
using MailHub.Conversations.Threading;
using MailHub.Mail.Outgoing;

namespace MailHub.Conversations.Replies;

/// <summary>POST /api/conversations/{id}/replies (and the reply command the conversation's grain runs).</summary>
[GenerateSerializer, Alias("MailHub.Conversations.Replies.ReplyRequest")]
internal sealed record ReplyRequest(
    [property: Id(0)] string? Text,
    [property: Id(1)] string? Html,
    [property: Id(2)] IReadOnlyList<string>? Cc,
    [property: Id(3)] IReadOnlyList<string>? Bcc,
    [property: Id(4)] IReadOnlyList<Guid>? Attachments,
    [property: Id(5)] bool? QuoteOriginal);

/// <summary>
/// Writes an agent's reply (<see cref="ReplyMail"/>, with our Message-ID format naming the conversation) and hands it
/// to the outbox in the transaction that appends ReplyComposed: a reply is never recorded without being queued, nor
/// queued twice. The bytes are written once here, so a retried send repeats the same Message-ID. Runs in the
/// conversation's grain (<see cref="ConversationGrain"/>), so the original it answers is the latest one at its turn.
/// </summary>
internal sealed class ReplyComposer(
    ConversationQueries queries,
    ConversationWriter writer,
    IMailboxDirectory mailboxes,
    IOutbox outbox,
    UploadStore uploads,
    TimeProvider clock)
{
    public async Task<Guid> ReplyAsync(Guid conversationId, ReplyRequest request, Actor actor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Text) && string.IsNullOrWhiteSpace(request.Html))
            throw new ArgumentException("Write the reply: give text, html, or both.");
        var summary = await queries.FindAsync(conversationId, cancellationToken) ?? throw new ConversationNotFoundException(conversationId);
        var mailbox = await mailboxes.FindAsync(summary.MailboxId, cancellationToken)
            ?? throw new InvalidOperationException($"The mailbox {summary.MailboxId} of this conversation no longer exists: replies cannot be sent.");
        var messages = await queries.MessagesAsync(conversationId, cancellationToken);
        var inbound = messages.Where(m => m.Direction == Direction.Inbound).ToList();
        var original = inbound.LastOrDefault(m => !m.Automatic) ?? inbound.LastOrDefault();

        var messageId = OurMessageIds.New(conversationId, mailbox.Address[(mailbox.Address.LastIndexOf('@') + 1)..]);
        var storedId = messageId.Trim('<', '>'); // stored as the parser reads ids: without angle brackets
        var files = await uploads.LoadAsync(request.Attachments ?? [], cancellationToken);
        var mail = ReplyMail.Compose(mailbox, summary, original, request, files, messageId, clock.GetUtcNow());
        var content = await OutgoingMail.ToBytesAsync(mail, cancellationToken);
        var thread = original?.RfcMessageId is { } originalId ? ReplyThread.For(originalId, original.References) : null;
        var from = mail.From.Mailboxes.Single();
        var to = mail.To.Mailboxes.Select(a => a.Address).ToList();
        var cc = mail.Cc.Mailboxes.Select(a => a.Address).ToList();

        var replyId = Guid.CreateVersion7();
        var recipients = OutgoingMail.EnvelopeRecipients(mail);
        return await writer.ExecuteAsync(conversationId, async (conversation, transaction, ct) =>
        {
            ConversationCommands.EnsureExists(conversation, conversationId);
            var outboundId = await outbox.EnqueueAsync(transaction,
                new OutboundMessage(mailbox.Id, messageId, mailbox.Address, recipients, content, replyId.ToString()), ct);
            var now = clock.GetUtcNow();
            await MessageRows.InsertAsync(transaction, new MessageRow(replyId, conversationId, mailbox.Id, Direction.Outbound, now)
            {
                RfcMessageId = storedId,
                InReplyTo = thread?.InReplyTo,
                References = thread is null ? "" : string.Join(' ', thread.References),
                FromAddress = from.Address,
                FromName = from.Name,
                To = string.Join(", ", to),
                Cc = string.Join(", ", cc),
                Subject = mail.Subject,
                Text = mail.TextBody,
                Html = mail.HtmlBody,
                AuthorId = actor.Id,
                OutboundId = outboundId,
                Raw = content,
                AttachmentsJson = JsonSerializer.Serialize(
                    files.Select((f, i) => new AttachmentInfo(i, f.FileName, f.ContentType, f.Content.Length, null, false)), AttachmentInfo.Json),
            }, ct);
            return new Decision<Guid>(
            [
                new ReplyComposed(conversationId, replyId, outboundId, storedId, from.Address, to, cc,
                    mail.Bcc.Mailboxes.Select(a => a.Address).ToList(), mail.Subject ?? "", thread?.InReplyTo, files.Count, actor.Id, actor.Name, now),
            ], replyId);
        }, cancellationToken);
    }
}
