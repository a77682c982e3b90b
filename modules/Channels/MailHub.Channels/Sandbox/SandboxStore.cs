using MailHub.Channels.Listing;
using MailHub.Channels.Inbound;
using MailHub.Channels.Outbox;
using MailHub.Core.Live;
using MailHub.Mail.Mime;
using Npgsql;

namespace MailHub.Channels.Sandbox;

internal sealed record SandboxListItem(
    Guid Id, DateTimeOffset CapturedAt, Guid? MailboxId, Guid? OutboxId, string MailFrom, IReadOnlyList<string> RcptTo, string? From, string? To,
    string? Subject, string? MessageId, string? InReplyTo, long Size, IReadOnlyList<string> Tags, DateTimeOffset? ReadAt, bool HasAttachments);

/// <summary>The data of the consoles' "sandbox" push: "captured" or "deleted".</summary>
internal sealed record SandboxChange(string Change);

internal sealed record SandboxQuery(string? To, string? From, string? Subject, string? Q, DateTimeOffset? Since, Guid? Mailbox, int Limit, InboundCursor? After);

/// <summary>channels.sandbox_messages: outbound mail captured instead of sent. A capture wakes every node's waiters.</summary>
internal sealed class SandboxStore(NpgsqlDataSource dataSource, SandboxSignal signal, LivePublisher live, Webhooks.SandboxWebhooks webhooks)
{
    private const string ListColumns = "id, captured_at, mailbox_id, outbox_id, mail_from, rcpt_to, header_from, header_to, subject, message_id, in_reply_to, size, "
        + "tags, read_at, has_attachments";

    /// <summary>Stores the message inside the caller's transaction (the outbox row's); idempotent per outbox row.</summary>
    public async Task CaptureAsync(NpgsqlTransaction transaction, Guid? mailboxId, Guid? outboxId, string mailFrom, IReadOnlyList<string> rcptTo,
        byte[] content, CancellationToken cancellationToken)
    {
        var summary = HeaderSummary.Read(content, complete: true);
        string? inReplyTo = null;
        var hasAttachments = false;
        string[] tags = [];
        try
        {
            using var mail = MailReader.Load(content);
            inReplyTo = ThreadIds.InReplyTo(mail.Message).FirstOrDefault();
            hasAttachments = mail.Message.Attachments.Any();
            tags = Search.SandboxSearch.TagsOf(rcptTo, mail.Message.Headers["X-Tags"]);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The summary says it is malformed; the capture keeps the bytes all the same.
        }
        await using var insert = new NpgsqlCommand("""
            INSERT INTO channels.sandbox_messages (id, mailbox_id, outbox_id, mail_from, rcpt_to, header_from, header_to, subject, message_id,
                in_reply_to, size, content, tags, has_attachments)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            ON CONFLICT (outbox_id) WHERE outbox_id IS NOT NULL DO NOTHING
            """, transaction.Connection, transaction);
        insert.Parameters.Add(new() { Value = Guid.CreateVersion7() });
        insert.Parameters.Add(new() { Value = (object?)mailboxId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        insert.Parameters.Add(new() { Value = (object?)outboxId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        insert.Parameters.Add(new() { Value = mailFrom });
        insert.Parameters.Add(new() { Value = rcptTo.ToArray() });
        insert.Parameters.Add(Text(summary.From));
        insert.Parameters.Add(Text(summary.To));
        insert.Parameters.Add(Text(summary.Subject));
        insert.Parameters.Add(Text(summary.MessageId));
        insert.Parameters.Add(Text(HeaderSummary.Clean(inReplyTo)));
        insert.Parameters.Add(new() { Value = (long)content.Length });
        insert.Parameters.Add(new() { Value = content });
        insert.Parameters.Add(new() { Value = tags });
        insert.Parameters.Add(new() { Value = hasAttachments });
        if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
            return; // captured before (a retried row)
        // The webhooks' deliveries commit with the capture (Sandbox/Webhooks); Captured() wakes their worker.
        var id = (Guid)insert.Parameters[0].Value!;
        await webhooks.EnqueueAsync(transaction.Connection!, transaction, new Webhooks.WebhookPayload("captured", id, DateTimeOffset.UtcNow, mailboxId,
            mailFrom, rcptTo, summary.From, summary.To, summary.Subject, summary.MessageId, content.Length,
            webhooks.RawLink($"/api/sandbox/messages/{id}/raw")), cancellationToken);
    }

    /// <summary>
    /// Wakes this node's waiters at once and, through the live fan-out grain, every other node's (after the capture committed);
    /// and tells the consoles, whose sandbox page reads its list again.
    /// </summary>
    public void Captured()
    {
        webhooks.Wake();
        signal.Pulse();
        live.Publish(LivePush.Signal(SandboxCaptures.SignalName));
        Changed("captured");
    }

    /// <summary>
    /// The "sandbox" push: something was captured or deleted. It names nothing (no id, no subject), so every console may get
    /// it; only the sandbox page, which admins and supervisors open, acts on it by reading the list again.
    /// </summary>
    private void Changed(string change) => live.Publish(LivePush.Of("sandbox", new SandboxChange(change)));

    public async Task<(IReadOnlyList<SandboxListItem> Items, long Total, string? Next)> ListAsync(SandboxQuery query, CancellationToken cancellationToken)
    {
        var (filter, parameters) = MessageListFilter.Build(query.To, query.From, query.Subject, q: null, query.Since, query.Mailbox, "captured_at");
        if (Search.SandboxSearch.Build(Search.SandboxSearch.Parse(query.Q), filter, parameters) is { } wrong)
            throw new Search.SandboxSearchException(wrong);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var count = new NpgsqlCommand($"SELECT count(*) FROM channels.sandbox_messages{MessageListFilter.Where(filter)}", connection);
        foreach (var p in parameters)
            count.Parameters.Add(new NpgsqlParameter { Value = p });
        var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;

        if (query.After is { } after)
        {
            parameters.Add(after.ReceivedAt);
            parameters.Add(after.Id);
            filter.Add($"(captured_at, id) < (${parameters.Count - 1}, ${parameters.Count})");
        }
        parameters.Add(query.Limit + 1);
        await using var page = new NpgsqlCommand(
            $"SELECT {ListColumns} FROM channels.sandbox_messages{MessageListFilter.Where(filter)} ORDER BY captured_at DESC, id DESC LIMIT ${parameters.Count}", connection);
        foreach (var p in parameters)
            page.Parameters.Add(new NpgsqlParameter { Value = p });
        var items = new List<SandboxListItem>();
        await using (var reader = await page.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                items.Add(ReadItem(reader));
        }
        string? next = null;
        if (items.Count > query.Limit)
        {
            items.RemoveAt(items.Count - 1);
            next = new InboundCursor(items[^1].CapturedAt, items[^1].Id).ToString();
        }
        return (items, total, next);
    }

    public async Task<(SandboxListItem Item, byte[] Content)?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {ListColumns}, content FROM channels.sandbox_messages WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        return (ReadItem(reader), reader.GetFieldValue<byte[]>(15));
    }

    /// <summary>Something deleted captures behind the store's back (the retention sweep): the consoles read their list again.</summary>
    public void Deleted() => Changed("deleted");

    /// <summary>Marks a message read or unread, and/or replaces its tags; false when there is none with that id.</summary>
    public async Task<bool> UpdateAsync(Guid id, bool? read, IReadOnlyList<string>? tags, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE channels.sandbox_messages SET
                read_at = CASE WHEN $2 IS NULL THEN read_at WHEN $2 THEN coalesce(read_at, now()) ELSE NULL END,
                tags = coalesce($3, tags)
            WHERE id = $1
            """);
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = (object?)read ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Boolean });
        command.Parameters.Add(new()
        {
            Value = tags is null ? DBNull.Value : tags.Select(Search.SandboxSearch.Normalize).Where(t => t.Length > 0).Distinct().ToArray(),
            NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text,
        });
        var updated = await command.ExecuteNonQueryAsync(cancellationToken) > 0;
        if (updated)
            Changed("updated");
        return updated;
    }

    /// <summary>Deletes one captured message; false when there is none with that id.</summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM channels.sandbox_messages WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        var deleted = await command.ExecuteNonQueryAsync(cancellationToken) > 0;
        if (deleted)
            Changed("deleted");
        return deleted;
    }

    public async Task<int> DeleteAllAsync(Guid? mailbox, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(mailbox is null
            ? "DELETE FROM channels.sandbox_messages"
            : "DELETE FROM channels.sandbox_messages WHERE mailbox_id = $1");
        if (mailbox is { } id)
            command.Parameters.Add(new() { Value = id });
        var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
        if (deleted > 0)
            Changed("deleted");
        return deleted;
    }

    private static SandboxListItem ReadItem(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetFieldValue<DateTimeOffset>(1), r.IsDBNull(2) ? null : r.GetGuid(2), r.IsDBNull(3) ? null : r.GetGuid(3),
        r.GetString(4), r.GetFieldValue<string[]>(5), Str(r, 6), Str(r, 7), Str(r, 8), Str(r, 9), Str(r, 10), r.GetInt64(11),
        r.GetFieldValue<string[]>(12), r.IsDBNull(13) ? null : r.GetFieldValue<DateTimeOffset>(13), r.GetBoolean(14));

    private static string? Str(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static NpgsqlParameter Text(string? value) =>
        new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text };

}
