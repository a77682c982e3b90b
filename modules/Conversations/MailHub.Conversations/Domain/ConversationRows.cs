using Npgsql;

namespace MailHub.Conversations.Domain;

/// <summary>A new row of conversations.messages: an inbound mail, a reply, or a note (inbound mail reaches the conversation's grain as one).</summary>
[GenerateSerializer, Alias("MailHub.Conversations.Domain.MessageRow")]
internal sealed record MessageRow(
    [property: Id(0)] Guid Id, [property: Id(1)] Guid ConversationId, [property: Id(2)] Guid MailboxId, [property: Id(3)] string Direction,
    [property: Id(4)] DateTimeOffset SentAt)
{
    [Id(5)] public Guid? InboundMessageId { get; init; }
    [Id(6)] public string? Sha256 { get; init; }
    [Id(7)] public string? RfcMessageId { get; init; }
    [Id(8)] public string? InReplyTo { get; init; }
    [Id(9)] public string? References { get; init; }
    [Id(10)] public string? ReplyTo { get; init; }
    [Id(11)] public string? FromAddress { get; init; }
    [Id(12)] public string? FromName { get; init; }
    [Id(13)] public string? To { get; init; }
    [Id(14)] public string? Cc { get; init; }
    [Id(15)] public string? Subject { get; init; }
    [Id(16)] public string? Text { get; init; }
    [Id(17)] public string? Html { get; init; }
    [Id(18)] public bool Automatic { get; init; }
    [Id(19)] public Guid? AuthorId { get; init; }
    [Id(21)] public Guid? OutboundId { get; init; }
    [Id(22)] public byte[]? Raw { get; init; }
    [Id(23)] public string AttachmentsJson { get; init; } = "[]";
    /// <summary>A reply: the draft it was sent from, given back on undo.</summary>
    [Id(24)] public string? ComposedJson { get; init; }
    /// <summary>A reply: when its undo window ends and the outbox may send it.</summary>
    [Id(25)] public DateTimeOffset? UndoUntil { get; init; }
}

/// <summary>
/// The stored messages (conversations.messages): bodies, HTML, our replies' MIME and attachments, written by the
/// command in the transaction that appends the event naming the row. They are data, not a read model: no event holds
/// a body (see docs/ARCHITECTURE.md, Conversations). The list's counts, activity and search text are derived from
/// them by <see cref="ReadModel.ConversationListProjection"/>.
/// </summary>
internal static class MessageRows
{
    public static async Task<long> NextNumberAsync(NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT nextval('conversations.conversation_numbers')", transaction.Connection, transaction);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Stores the message; its event (appended in the same transaction) brings it into the list.</summary>
    public static async Task InsertAsync(NpgsqlTransaction transaction, MessageRow m, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO conversations.messages
                (id, conversation_id, mailbox_id, direction, inbound_message_id, sha256, rfc_message_id, in_reply_to, references_ids,
                 from_address, from_name, to_addresses, cc_addresses, subject, text_body, html_body, sent_at, automatic, author_id,
                 outbound_id, raw, attachments, reply_to, composed, undo_until)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22::jsonb, $23, $24::jsonb, $25)
            """, transaction.Connection, transaction);
        foreach (var value in (object?[])[m.Id, m.ConversationId, m.MailboxId, m.Direction, m.InboundMessageId, m.Sha256, m.RfcMessageId,
                     m.InReplyTo, m.References, m.FromAddress, m.FromName, m.To, m.Cc, m.Subject, m.Text, m.Html, m.SentAt, m.Automatic,
                     m.AuthorId, m.OutboundId, m.Raw, m.AttachmentsJson, m.ReplyTo, m.ComposedJson, m.UndoUntil])
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
