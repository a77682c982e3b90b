using Npgsql;

namespace MailHub.Conversations.Domain;

/// <summary>A new row of conversations.conversations, written with the ConversationOpened event.</summary>
internal sealed record ConversationRow(
    Guid Id, long Number, Guid MailboxId, Guid CustomerId, string CustomerName, string CustomerEmail, string Subject,
    string ReplyToken, DateTimeOffset OpenedAt);

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
    [Id(20)] public string? DeliveryState { get; init; }
    [Id(21)] public Guid? OutboundId { get; init; }
    [Id(22)] public byte[]? Raw { get; init; }
    [Id(23)] public string AttachmentsJson { get; init; } = "[]";
}

/// <summary>
/// Writes of the read model, always inside the transaction that appends the events they reflect, so
/// lists and the detail view show a change as soon as the command returns.
/// </summary>
internal static class ReadModel
{
    /// <summary>The search column keeps this many characters (subject and sender first).</summary>
    public const int MaxSearchLength = 16_000;

    public static async Task<long> NextNumberAsync(NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT nextval('conversations.conversation_numbers')", transaction.Connection, transaction);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public static Task InsertConversationAsync(NpgsqlTransaction transaction, ConversationRow row, CancellationToken cancellationToken) =>
        ExecuteAsync(transaction, """
            INSERT INTO conversations.conversations
                (id, number, mailbox_id, customer_id, customer_name, customer_email, subject, status, reply_token, opened_at, last_message_at, search)
            VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9, $9, left(lower($7 || ' ' || $5 || ' ' || $6), $10))
            """, cancellationToken, row.Id, row.Number, row.MailboxId, row.CustomerId, row.CustomerName, row.CustomerEmail,
            row.Subject, row.ReplyToken, row.OpenedAt, MaxSearchLength);

    /// <summary>Adds the message; inbound and outbound mail also count as activity and feed the search text.</summary>
    public static async Task InsertMessageAsync(NpgsqlTransaction transaction, MessageRow m, CancellationToken cancellationToken)
    {
        await ExecuteAsync(transaction, """
            INSERT INTO conversations.messages
                (id, conversation_id, mailbox_id, direction, inbound_message_id, sha256, rfc_message_id, in_reply_to, references_ids,
                 from_address, from_name, to_addresses, cc_addresses, subject, text_body, html_body, sent_at, automatic, author_id,
                 delivery_state, outbound_id, raw, attachments, reply_to)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23::jsonb, $24)
            """, cancellationToken, m.Id, m.ConversationId, m.MailboxId, m.Direction, m.InboundMessageId, m.Sha256, m.RfcMessageId,
            m.InReplyTo, m.References, m.FromAddress, m.FromName, m.To, m.Cc, m.Subject, m.Text, m.Html, m.SentAt, m.Automatic,
            m.AuthorId, m.DeliveryState, m.OutboundId, m.Raw, m.AttachmentsJson, m.ReplyTo);
        var searchable = m.Direction == Direction.Note ? "" : $" {m.FromName} {m.FromAddress} {m.Text}";
        await ExecuteAsync(transaction, """
            UPDATE conversations.conversations
            SET message_count = message_count + 1,
                last_message_at = greatest(last_message_at, $2),
                search = left(search || lower($3), $4)
            WHERE id = $1
            """, cancellationToken, m.ConversationId, m.SentAt, searchable, MaxSearchLength);
    }

    public static Task SetStatusAsync(NpgsqlTransaction transaction, Guid conversationId, string status, DateTimeOffset at,
        CancellationToken cancellationToken) =>
        ExecuteAsync(transaction, """
            UPDATE conversations.conversations
            SET status = $2, closed_at = CASE WHEN $2 = 'closed' THEN $3 ELSE NULL END
            WHERE id = $1
            """, cancellationToken, conversationId, status, at);

    public static Task SetDeliveryAsync(NpgsqlTransaction transaction, Guid messageId, string state, string? detail,
        CancellationToken cancellationToken) =>
        ExecuteAsync(transaction, "UPDATE conversations.messages SET delivery_state = $2, delivery_detail = $3 WHERE id = $1",
            cancellationToken, messageId, state, detail);

    public static Task SetAssigneeAsync(NpgsqlTransaction transaction, Guid conversationId, Guid? agentId, string? agentName,
        Guid? teamId, string? teamName, CancellationToken cancellationToken) =>
        ExecuteAsync(transaction, """
            UPDATE conversations.conversations SET assignee_id = $2, assignee_name = $3, team_id = $4, team_name = $5 WHERE id = $1
            """, cancellationToken, conversationId, agentId, agentName, teamId, teamName);

    private static async Task ExecuteAsync(NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params object?[] values)
    {
        await using var command = new NpgsqlCommand(sql, transaction.Connection, transaction);
        foreach (var value in values)
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
