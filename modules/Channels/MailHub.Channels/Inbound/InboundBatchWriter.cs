using MailHub.Channels.Contracts;
using MailHub.Channels.Smtp;
using MailHub.Core.EventSourcing;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace MailHub.Channels.Inbound;

/// <summary>
/// Stores a batch of received messages in one transaction: raw content once by SHA-256, one
/// <c>inbound_messages</c> row per delivery (a handful of statements whatever the batch size: array
/// parameters, unnest, NpgsqlBatch), and a <see cref="MessageReceived"/> event per row, each starting its
/// stream (<see cref="StreamStarts"/>: two more statements in the same batch, not an INSERT per stream and event).
/// A batch of small messages none of which retries an earlier commit (the usual case) takes that one
/// batch and the commit; the others take the transaction that sorts retries out.
/// </summary>
internal sealed class InboundBatchWriter(NpgsqlDataSource dataSource, StreamStarts streams, IOptions<SmtpListenerOptions> options)
{
    // Advisory lock class for retry keys (the two-int form keeps clear of other bigint lock keys).
    private const int RetryLockClass = 0x4D484331; // "MHC1"

    // Raised by channels.refuse_earlier_commits (migration 0006).
    private const string RetriesEarlierCommit = "MH409";

    /// <summary>Returns, per message, the id it is stored under: its own, or that of the earlier commit it retries.</summary>
    public async Task<IReadOnlyList<Guid>> CommitAsync(IReadOnlyList<PendingMessage> batch, CancellationToken cancellationToken)
    {
        if (batch.All(m => m.Content is not null))
        {
            try
            {
                return await CommitFreshAsync(batch, cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == RetriesEarlierCommit)
            {
                // Nothing was stored; the transaction below finds the earlier row and reuses it.
            }
        }
        return await CommitWithRetriesAsync(batch, cancellationToken);
    }

    /// <summary>
    /// The rows and the events in one NpgsqlBatch, then the commit (which waits for its WAL flush);
    /// a message that retries an earlier commit fails the rows' batch before anything else runs.
    /// Clients that gave up meanwhile are marked by the queue after the commit (<see cref="MarkUnacknowledgedAsync"/>).
    /// </summary>
    private async Task<IReadOnlyList<Guid>> CommitFreshAsync(IReadOnlyList<PendingMessage> batch, CancellationToken cancellationToken)
    {
        var messages = batch.ToList();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var write = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                LockRetryKeysCommand(messages),
                new NpgsqlBatchCommand("SELECT channels.refuse_earlier_commits($1, $2::interval)")
                {
                    Parameters = { new() { Value = messages.Select(m => m.DedupeKey).ToArray() }, new() { Value = options.Value.DuplicateWindow } },
                },
                InsertRawCommand(messages),
                InsertInboundCommand(messages),
            },
        })
        {
            foreach (var command in StartStreamsCommands(messages))
                write.BatchCommands.Add(command);
            await write.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return [.. messages.Select(m => m.Id)];
    }

    private async Task<IReadOnlyList<Guid>> CommitWithRetriesAsync(IReadOnlyList<PendingMessage> batch, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var earlier = await FindEarlierCommitsAsync(connection, transaction, batch, cancellationToken);
        var ids = new Guid[batch.Count];
        var fresh = new List<PendingMessage>(batch.Count);
        var retried = new List<Guid>();
        for (var i = 0; i < batch.Count; i++)
        {
            if (earlier.TryGetValue(Convert.ToHexString(batch[i].DedupeKey), out var id))
            {
                ids[i] = id;
                retried.Add(id);
            }
            else
            {
                ids[i] = batch[i].Id;
                fresh.Add(batch[i]);
            }
        }

        foreach (var message in fresh.Where(m => m.Spool is not null))
            await InsertSpooledAsync(connection, transaction, message, cancellationToken);

        await using (var insert = new NpgsqlBatch(connection, transaction))
        {
            var inMemory = fresh.Where(m => m.Content is not null).ToList();
            if (inMemory.Count > 0)
                insert.BatchCommands.Add(InsertRawCommand(inMemory));
            if (fresh.Count > 0)
                insert.BatchCommands.Add(InsertInboundCommand(fresh));
            if (retried.Count > 0)
                insert.BatchCommands.Add(SetAcknowledgedCommand(retried, acknowledged: true));
            foreach (var command in StartStreamsCommands(fresh))
                insert.BatchCommands.Add(command);
            if (insert.BatchCommands.Count > 0)
                await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        // Clients that gave up while this batch was being written heard 451; their retry must find these rows.
        var abandoned = batch.Select((m, i) => (m, i)).Where(x => x.m.Abandoned).Select(x => ids[x.i]).ToList();
        if (abandoned.Count > 0)
        {
            await using var mark = new NpgsqlBatch(connection, transaction) { BatchCommands = { SetAcknowledgedCommand(abandoned, acknowledged: false) } };
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return ids;
    }

    public async Task MarkUnacknowledgedAsync(IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var mark = new NpgsqlBatch(connection) { BatchCommands = { SetAcknowledgedCommand(ids, acknowledged: false) } };
        await mark.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Rows committed after their client heard 451, within the duplicate window, that a message of this
    /// batch retries. The advisory locks (taken in key order, so batches never deadlock) make a retry wait
    /// for a batch still committing the same message, then see its row.
    /// </summary>
    private async Task<Dictionary<string, Guid>> FindEarlierCommitsAsync(NpgsqlConnection connection,
        NpgsqlTransaction transaction, IReadOnlyList<PendingMessage> batch, CancellationToken cancellationToken)
    {
        var keys = batch.Select(m => m.DedupeKey).ToArray();
        await using var query = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                LockRetryKeysCommand(batch),
                new NpgsqlBatchCommand("""
                    SELECT dedupe_key, id FROM channels.inbound_messages
                    WHERE unacknowledged AND dedupe_key = ANY($1) AND received_at > now() - $2::interval
                    """)
                {
                    Parameters = { new() { Value = keys }, new() { Value = options.Value.DuplicateWindow } },
                },
            },
        };
        var found = new Dictionary<string, Guid>(StringComparer.Ordinal);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            found.TryAdd(Convert.ToHexString(reader.GetFieldValue<byte[]>(0)), reader.GetGuid(1));
        return found;
    }

    // Retry keys are locked in key order, so two batches never deadlock on them.
    private static NpgsqlBatchCommand LockRetryKeysCommand(IReadOnlyList<PendingMessage> batch) => new(
        $"SELECT count(pg_advisory_xact_lock({RetryLockClass}, k)) FROM unnest($1::int[]) AS k")
    {
        Parameters = { new() { Value = batch.Select(m => BitConverter.ToInt32(m.DedupeKey, 0)).Distinct().Order().ToArray() } },
    };

    /// <summary>Start inbound-{id} with the message's <see cref="MessageReceived"/>, for each message (none for none).</summary>
    private IEnumerable<NpgsqlBatchCommand> StartStreamsCommands(IReadOnlyCollection<PendingMessage> messages) =>
        streams.Commands<MessageReceived>([.. messages.Select(m => (MessageReceived.StreamOf(m.Id), EventOf(m)))]);

    // A spooled (large) message: skipped when its content is stored already, else streamed from its file.
    private static async Task InsertSpooledAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        PendingMessage message, CancellationToken cancellationToken)
    {
        await using (var exists = new NpgsqlCommand("SELECT 1 FROM channels.raw_messages WHERE sha256 = $1", connection, transaction))
        {
            exists.Parameters.Add(new() { Value = message.Sha256 });
            if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
                return;
        }

        message.Spool!.Position = 0;
        await using var insert = new NpgsqlCommand(
            "INSERT INTO channels.raw_messages (sha256, size, content) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", connection, transaction);
        insert.Parameters.Add(new() { Value = message.Sha256 });
        insert.Parameters.Add(new() { Value = message.ContentSize });
        insert.Parameters.Add(new() { Value = message.Spool, NpgsqlDbType = NpgsqlDbType.Bytea });
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    // Sorted by SHA-256 so two batches that share content lock its key in the same order.
    private static NpgsqlBatchCommand InsertRawCommand(List<PendingMessage> messages) => new("""
        INSERT INTO channels.raw_messages (sha256, size, content)
        SELECT r.sha256, r.size, r.content FROM unnest($1::bytea[], $2::bigint[], $3::bytea[]) AS r(sha256, size, content)
        ORDER BY r.sha256
        ON CONFLICT DO NOTHING
        """)
    {
        Parameters =
        {
            new() { Value = messages.Select(m => m.Sha256).ToArray() },
            new() { Value = messages.Select(m => m.ContentSize).ToArray() },
            new() { Value = messages.Select(m => m.Content!).ToArray() },
        },
    };

    private static NpgsqlBatchCommand InsertInboundCommand(List<PendingMessage> messages) => new("""
        INSERT INTO channels.inbound_messages (id, sha256, received_at, trace_header, size, smtp_id, endpoint, mail_from, rcpt_to,
            client_ip, helo_name, tls_protocol, authenticated_user, mailbox_id, header_from, header_to, subject, message_id,
            sent_at, malformed, problems, dedupe_key)
        SELECT t.id, t.sha256, t.received_at, t.trace, t.size, t.smtp_id, t.endpoint, t.mail_from, string_to_array(t.rcpt, E'\n'),
            t.client_ip, t.helo, t.tls, t.auth_user, t.mailbox, t.header_from, t.header_to, t.subject, t.message_id,
            t.sent_at, t.malformed, t.problems, t.dedupe_key
        FROM unnest($1::uuid[], $2::bytea[], $3::timestamptz[], $4::bytea[], $5::bigint[], $6::text[], $7::text[], $8::text[], $9::text[],
            $10::inet[], $11::text[], $12::text[], $13::text[], $14::uuid[], $15::text[], $16::text[], $17::text[], $18::text[],
            $19::timestamptz[], $20::boolean[], $21::text[], $22::bytea[])
            AS t(id, sha256, received_at, trace, size, smtp_id, endpoint, mail_from, rcpt, client_ip, helo, tls, auth_user, mailbox,
                 header_from, header_to, subject, message_id, sent_at, malformed, problems, dedupe_key)
        """)
    {
        Parameters =
        {
            new() { Value = messages.Select(m => m.Id).ToArray() },
            new() { Value = messages.Select(m => m.Sha256).ToArray() },
            new() { Value = messages.Select(m => m.Envelope.ReceivedAt.ToUniversalTime()).ToArray() },
            new() { Value = messages.Select(m => m.TraceHeader).ToArray() },
            new() { Value = messages.Select(m => m.Size).ToArray() },
            new() { Value = messages.Select(m => m.Envelope.Id).ToArray() },
            new() { Value = messages.Select(m => Clean(m.Envelope.EndpointName)).ToArray() },
            new() { Value = messages.Select(m => Clean(m.Envelope.MailFrom.ToString())).ToArray() },
            new() { Value = messages.Select(m => Clean(string.Join('\n', m.Envelope.Recipients))).ToArray() },
            new() { Value = messages.Select(m => m.Envelope.ClientAddress).ToArray() },
            new() { Value = messages.Select(m => Clean(m.Envelope.HeloName)).ToArray() },
            new() { Value = messages.Select(m => m.Envelope.TlsProtocol?.ToString()).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
            new() { Value = messages.Select(m => HeaderSummary.Clean(m.Envelope.AuthenticatedUser)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
            new() { Value = messages.Select(m => m.MailboxId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid },
            new() { Value = messages.Select(m => m.Summary.From).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
            new() { Value = messages.Select(m => m.Summary.To).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
            new() { Value = messages.Select(m => m.Summary.Subject).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
            new() { Value = messages.Select(m => m.Summary.MessageId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
            new() { Value = messages.Select(m => m.Summary.Date).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz },
            new() { Value = messages.Select(m => m.Summary.Malformed).ToArray() },
            new() { Value = messages.Select(m => m.Summary.Problems).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
            new() { Value = messages.Select(m => m.DedupeKey).ToArray() },
        },
    };

    private static NpgsqlBatchCommand SetAcknowledgedCommand(IReadOnlyList<Guid> ids, bool acknowledged) => new(
        "UPDATE channels.inbound_messages SET unacknowledged = $2 WHERE id = ANY($1)")
    {
        Parameters = { new() { Value = ids.ToArray() }, new() { Value = !acknowledged } },
    };

    private static MessageReceived EventOf(PendingMessage m) => new(
        m.Id,
        m.MailboxId,
        Convert.ToHexStringLower(m.Sha256),
        m.Summary.MessageId,
        m.Envelope.ReceivedAt,
        Clean(m.Envelope.MailFrom.ToString()),
        [.. m.Envelope.Recipients.Select(r => Clean(r.ToString()))],
        m.Summary.Subject,
        m.Size,
        m.Summary.Malformed,
        m.Summary.IsReply);

    private static string Clean(string text) => HeaderSummary.Clean(text)!;
}
