using System.Net;
using System.Text;
using System.Text.Json;
using MailHub.Channels.Contracts;
using MailHub.Conversations.Domain;
using MailHub.Conversations.Reading;
using MailHub.Conversations.Threading;
using MailHub.Mail.Mime.Writing;

namespace MailHub.Conversations.Replies;

/// <summary>POST /api/conversations/{id}/replies.</summary>
internal sealed record ReplyRequest(
    string? Text, string? Html, IReadOnlyList<string>? Cc, IReadOnlyList<string>? Bcc, IReadOnlyList<Guid>? Attachments, bool? QuoteOriginal);

/// <summary>
/// Writes an agent's reply so it stays in the customer's thread (Re: once, In-Reply-To, References, our
/// Message-ID format naming the conversation) and hands it to the outbox in the transaction that appends
/// ReplyComposed: a reply is never recorded without being queued, nor queued twice.
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

        var from = new MailboxAddress(mailbox.DisplayName ?? mailbox.Name, mailbox.Address);
        var messageId = OurMessageIds.New(conversationId, from.Domain);
        var storedId = messageId.Trim('<', '>'); // stored as the parser reads ids: without angle brackets
        var builder = new MessageBuilder
        {
            From = from,
            Subject = SubjectOf(original?.Subject ?? summary.Subject, summary.Number, mailbox.SubjectTokens),
            MessageId = messageId,
            Date = clock.GetUtcNow(),
        };
        builder.To.Add(new MailboxAddress(original?.ReplyTo ?? original?.FromAddress ?? summary.CustomerEmail));
        foreach (var cc in request.Cc ?? [])
            builder.Cc.Add(new MailboxAddress(cc.Trim()));
        foreach (var bcc in request.Bcc ?? [])
            builder.Bcc.Add(new MailboxAddress(bcc.Trim()));
        if (mailbox.AllowPlusAddressing)
            builder.ReplyTo.Add(new MailboxAddress(from.Name, PlusAddress(mailbox.Address, summary.ReplyToken)));
        if (original?.RfcMessageId is { } originalId)
            ReplyHeaders.For(originalId, original.References).ApplyTo(builder);
        builder.Headers.Add(new MessageHeader("Thread-Topic", summary.Subject));

        var quote = request.QuoteOriginal == true && original is not null;
        builder.Text = (request.Text ?? "") + (quote ? QuoteText(original!) : "");
        if (!string.IsNullOrWhiteSpace(request.Html))
            builder.Html = request.Html + (quote ? QuoteHtml(original!) : "");
        var files = await uploads.LoadAsync(request.Attachments ?? [], cancellationToken);
        foreach (var file in files)
            builder.Attachments.Add(new Attachment(file.FileName, MimeContent.FromBytes(file.Content), file.ContentType));
        var content = await builder.ToBytesAsync(cancellationToken: cancellationToken);

        var replyId = Guid.CreateVersion7();
        var recipients = builder.EnvelopeRecipients.Select(a => a.Address).ToList();
        return await writer.ExecuteAsync(conversationId, async (conversation, transaction, ct) =>
        {
            ConversationCommands.EnsureExists(conversation, conversationId);
            var outboundId = await outbox.EnqueueAsync(transaction,
                new OutboundMessage(mailbox.Id, messageId, mailbox.Address, recipients, content, replyId.ToString()), ct);
            var now = clock.GetUtcNow();
            await ReadModel.InsertMessageAsync(transaction, new MessageRow(replyId, conversationId, mailbox.Id, Direction.Outbound, now)
            {
                RfcMessageId = storedId,
                InReplyTo = builder.InReplyTo,
                References = string.Join(' ', builder.References),
                FromAddress = from.Address,
                FromName = from.Name,
                To = string.Join(", ", builder.To),
                Cc = string.Join(", ", builder.Cc),
                Subject = builder.Subject,
                Text = builder.Text,
                Html = builder.Html,
                AuthorId = actor.Id,
                DeliveryState = DeliveryState.Queued,
                OutboundId = outboundId,
                Raw = content,
                AttachmentsJson = JsonSerializer.Serialize(
                    files.Select((f, i) => new AttachmentInfo(i, f.FileName, f.ContentType, f.Content.Length, null, false)), AttachmentInfo.Json),
            }, ct);
            return new Decision<Guid>(
            [
                new ReplyComposed(conversationId, replyId, outboundId, storedId, from.Address, builder.To.Select(a => a.Address).ToList(),
                    builder.Cc.Select(a => a.Address).ToList(), builder.Bcc.Select(a => a.Address).ToList(), builder.Subject!,
                    builder.InReplyTo, files.Count, actor.Id, actor.Name, now),
            ], replyId);
        }, cancellationToken);
    }

    /// <summary>"Re: " once, and the [#number] token when the mailbox threads by subject.</summary>
    public static string SubjectOf(string original, long number, bool subjectTokens)
    {
        var subject = ReplySubject.For(original);
        var token = $"[#{number}]";
        return subjectTokens && !subject.Contains(token, StringComparison.Ordinal) ? $"{subject} {token}" : subject;
    }

    private static string PlusAddress(string address, string token)
    {
        var at = address.LastIndexOf('@');
        var local = address[..at];
        var plus = local.IndexOf('+', StringComparison.Ordinal);
        return (plus >= 0 ? local[..plus] : local) + "+" + token + address[at..];
    }

    private static string QuoteText(StoredMessage original)
    {
        var quoted = new StringBuilder("\n\n");
        quoted.Append(System.Globalization.CultureInfo.InvariantCulture, $"On {original.SentAt:yyyy-MM-dd HH:mm} UTC, {original.FromName ?? original.FromAddress} wrote:\n");
        foreach (var line in (original.Text ?? "").Split('\n'))
            quoted.Append("> ").Append(line).Append('\n');
        return quoted.ToString();
    }

    private static string QuoteHtml(StoredMessage original) =>
        $"<br><blockquote type=\"cite\">{WebUtility.HtmlEncode(original.Text ?? "").Replace("\n", "<br>", StringComparison.Ordinal)}</blockquote>";
}
