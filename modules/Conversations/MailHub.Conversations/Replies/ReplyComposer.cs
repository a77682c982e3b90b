using System.Text.Json;
using MailHub.Channels.Contracts;
using MailHub.Conversations.Domain;
using MailHub.Conversations.Reading;
using MailHub.Conversations.Threading;
using MailHub.Mail.Outgoing;
using Microsoft.Extensions.Options;
using MimeKit;
using Npgsql;

namespace MailHub.Conversations.Replies;

/// <summary>
/// Writes an agent's reply or forward (<see cref="ReplyMail"/>, <see cref="ForwardMail"/>, with our Message-ID format
/// naming the conversation) and hands it to the outbox in the transaction that appends ReplyComposed: a reply is never
/// recorded without being queued, nor queued twice. The outbox holds it until the undo window
/// (<see cref="ConversationsOptions.UndoWindow"/>) is over: the due time is in the outbox row, so a node that dies in
/// the window loses nothing and another node sends it once. The bytes are written once here, so a retried send repeats
/// the same Message-ID. Runs in the conversation's grain (<see cref="ConversationGrain"/>), so the original it answers is
/// the latest one at its turn, and a retry with the same Idempotency-Key finds the first reply.
/// </summary>
internal sealed class ReplyComposer(
    ConversationQueries queries,
    ConversationWriter writer,
    IMailboxDirectory mailboxes,
    IOutbox outbox,
    IInboundMessages inboundMessages,
    UploadStore uploads,
    NpgsqlDataSource dataSource,
    IOptions<ConversationsOptions> options,
    TimeProvider clock)
{
    /// <summary>The message a reply answers: the customer's latest, an automatic one (an out-of-office) only when there is no other.</summary>
    public static StoredMessage? Original(IReadOnlyList<StoredMessage> messages)
    {
        var inbound = messages.Where(m => m.Direction == Direction.Inbound).ToList();
        return inbound.LastOrDefault(m => !m.Automatic) ?? inbound.LastOrDefault();
    }

    public async Task<ReplyReceipt> ReplyAsync(Guid conversationId, ReplyRequest request, Actor actor, CancellationToken cancellationToken)
    {
        if (!request.IsForward && string.IsNullOrWhiteSpace(request.Text) && string.IsNullOrWhiteSpace(request.Html))
            throw new ArgumentException("Write the reply: give text, html, or both.");
        if (request.IdempotencyKey is { } key && await FirstAsync(conversationId, actor, key, cancellationToken) is { } first)
            return first;
        var summary = await queries.FindAsync(conversationId, cancellationToken) ?? throw new ConversationNotFoundException(conversationId);
        var mailbox = await mailboxes.FindAsync(summary.MailboxId, cancellationToken)
            ?? throw new InvalidOperationException($"The mailbox {summary.MailboxId} of this conversation no longer exists: replies cannot be sent.");
        var messages = await queries.MessagesAsync(conversationId, cancellationToken);
        if (!request.Force && request.LastSeenMessageId is { } lastSeen && NewerFromCustomer(messages, lastSeen) is { } newer)
            throw new NewerCustomerMessageException(newer.Id, newer.FromName ?? newer.FromAddress, newer.Subject, Excerpt(newer.Text), newer.SentAt);
        var original = Original(messages);

        var messageId = OurMessageIds.New(conversationId, mailbox.Address[(mailbox.Address.LastIndexOf('@') + 1)..]);
        var storedId = messageId.Trim('<', '>'); // stored as the parser reads ids: without angle brackets
        var files = await uploads.LoadAsync(request.Attachments ?? [], cancellationToken);
        ReplyThread? thread = null;
        MimeMessage mail;
        if (request.ForwardMessageId is { } forwardedId)
        {
            var forwarded = messages.FirstOrDefault(m => m.Id == forwardedId && m.Direction != Direction.Note)
                ?? throw new ArgumentException($"There is no message {forwardedId} to forward in this conversation.");
            mail = ForwardMail.Compose(mailbox, summary, forwarded, await LoadAsync(forwarded, cancellationToken), request, files, messageId, clock.GetUtcNow());
        }
        else
        {
            mail = ReplyMail.Compose(mailbox, summary, original, request, files, messageId, clock.GetUtcNow());
            thread = original?.RfcMessageId is { } originalId ? ReplyThread.For(originalId, original.References) : null;
        }
        var content = await OutgoingMail.ToBytesAsync(mail, cancellationToken);
        var from = mail.From.Mailboxes.Single();
        var to = mail.To.Mailboxes.Select(a => a.Address).ToList();
        var cc = mail.Cc.Mailboxes.Select(a => a.Address).ToList();

        var replyId = Guid.CreateVersion7();
        var recipients = OutgoingMail.EnvelopeRecipients(mail);
        return await writer.ExecuteAsync(conversationId, async (conversation, transaction, ct) =>
        {
            ConversationCommands.EnsureExists(conversation, conversationId);
            // Two requests with one key took turns in this grain: the second finds the first's reply here.
            if (request.IdempotencyKey is { } key && await ReplyKeys.FindAsync(transaction.Connection!, transaction, actor.Id, key, ct) is { } made)
                return new Decision<ReplyReceipt>([], Repeated(made, conversationId));
            var now = clock.GetUtcNow();
            // To the microsecond PostgreSQL keeps: a retry with the same Idempotency-Key answers the same instant.
            var undoUntil = new DateTimeOffset((now + options.Value.UndoWindow).UtcTicks / 10 * 10, TimeSpan.Zero);
            var outboundId = await outbox.EnqueueAsync(transaction,
                new OutboundMessage(mailbox.Id, messageId, mailbox.Address, recipients, content, replyId.ToString(), undoUntil), ct);
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
                ComposedJson = JsonSerializer.Serialize(request.AsDraft(), Draft.Json),
                UndoUntil = undoUntil,
            }, ct);
            if (request.IdempotencyKey is { } newKey)
                await ReplyKeys.AddAsync(transaction, actor.Id, newKey, conversationId, replyId, ct);
            await DraftStore.DeleteAsync(transaction, conversationId, actor.Id, ct);
            return new Decision<ReplyReceipt>(
            [
                new ReplyComposed(conversationId, replyId, outboundId, storedId, from.Address, to, cc,
                    mail.Bcc.Mailboxes.Select(a => a.Address).ToList(), mail.Subject ?? "", thread?.InReplyTo, files.Count, actor.Id, actor.Name, now),
            ], new ReplyReceipt(replyId, undoUntil, Repeated: false));
        }, cancellationToken);
    }

    private async Task<ReplyReceipt?> FirstAsync(Guid conversationId, Actor actor, string key, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ReplyKeys.FindAsync(connection, null, actor.Id, key, cancellationToken) is { } made ? Repeated(made, conversationId) : null;
    }

    private static ReplyReceipt Repeated((Guid ConversationId, Guid MessageId, DateTimeOffset UndoUntil) made, Guid conversationId) =>
        made.ConversationId == conversationId
            ? new ReplyReceipt(made.MessageId, made.UndoUntil, Repeated: true)
            : throw new InvalidOperationException(
                "This Idempotency-Key was used for a reply in another conversation: give each new reply a key of its own.");

    /// <summary>The newest customer message after <paramref name="lastSeen"/> (all of them when the agent saw none we know).</summary>
    private static StoredMessage? NewerFromCustomer(IReadOnlyList<StoredMessage> messages, Guid lastSeen)
    {
        var seenAt = messages.ToList().FindIndex(m => m.Id == lastSeen);
        return messages.Skip(seenAt + 1).LastOrDefault(m => m.Direction == Direction.Inbound && !m.Automatic);
    }

    private static string? Excerpt(string? text) => text is null ? null : text.Length <= 300 ? text.Trim() : text[..300].Trim() + "…";

    /// <summary>The forwarded message as it travelled (inbound: as received; ours: as sent), or null when its content is gone.</summary>
    private async Task<MimeMessage?> LoadAsync(StoredMessage message, CancellationToken cancellationToken)
    {
        if (message.InboundMessageId is { } inboundId)
        {
            await using var raw = await inboundMessages.OpenRawAsync(inboundId, cancellationToken);
            return raw is null ? null : await MimeMessage.LoadAsync(raw, cancellationToken);
        }
        return await queries.OutboundRawAsync(message.Id, cancellationToken) is { } bytes
            ? await MimeMessage.LoadAsync(new MemoryStream(bytes, writable: false), cancellationToken)
            : null;
    }
}
