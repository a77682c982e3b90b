using System.Globalization;
using System.Text.Json;
using MailHub.Channels.Contracts;
using MailHub.Channels.Mailboxes;
using MailHub.Channels.Sandbox;
using MailHub.Mail.Smtp.Submission;
using Marten;
using Marten.Services;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MailHub.Channels.Outbox;

/// <summary>
/// Delivers the outbox in batches: a worker claims up to <see cref="OutboundOptions.BatchSize"/> due rows of one mailbox
/// (FOR UPDATE SKIP LOCKED, so nodes never take the same row; agents' mail before bulk mail) and sends them over one
/// SMTP session, one mail transaction each (RFC 5321 §3.3). As soon as the server answered a message, its answer is
/// committed on its own (channels.outbox_answers, a small autocommitted insert) while the rows stay locked; the batch's
/// transaction then records every row's new state with its OutboundDelivered / OutboundFailed event (one Marten session)
/// and drops those answers. A node that dies mid-batch rolls the locks back: the rows it had not sent go again, and the
/// rows whose answer is on record are recorded from it by whoever claims them next, not sent again. So a message is sent
/// twice only if the node died between the server's answer and that one insert: one message per session at most, with
/// the same Message-ID. Sandbox mailboxes and Capture capture the whole batch in the batch's transaction.
/// </summary>
internal sealed class OutboxWorker(
    NpgsqlDataSource dataSource,
    IDocumentStore events,
    MailboxStore mailboxes,
    SmtpDelivery smtp,
    SandboxStore sandbox,
    Sandbox.Chaos.OutboundChaos outboundChaos,
    SentFolder sentFolder,
    OutboxSignal signal,
    IOptions<OutboundOptions> options,
    TimeProvider time,
    ILogger<OutboxWorker> logger) : BackgroundService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // The sessions this node has open per mailbox, and how many workers send bulk mail: bulk never takes a mailbox's last
    // session nor the node's last worker, so an agent's reply is claimed at once however big a campaign is.
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, (int All, int Bulk)> _sessions = [];
    private int _bulkWorkers;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Workers)).Select(_ => WorkAsync(stoppingToken)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = signal.Next;
            try
            {
                if (await DeliverBatchAsync(stoppingToken))
                    continue;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                logger.LogWarning(e, "The outbox could not be read; trying again shortly");
            }
            try
            {
                await Signal.WaitAsync(next, options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>A claimed row: its content is read when its turn comes; <c>Answered</c>, an answer a dead worker left.</summary>
    private sealed record Claimed(OutboundRow Row, int Size, bool Bulk, string? Answered);

    private sealed record Finished(OutboundRow Row, int Attempt, Outcome Outcome);

    /// <summary>Delivers one batch of due rows of one mailbox; false when none was due (for a session this node may open).</summary>
    internal async Task<bool> DeliverBatchAsync(CancellationToken cancellationToken)
    {
        List<Guid>? taken = null;
        for (var tries = 0; tries < 4; tries++)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var (full, bulkFull, bulkAllowed) = Limits(taken);
            var batch = await ClaimAsync(transaction, full, bulkFull, bulkAllowed, cancellationToken);
            if (batch.Count == 0)
                return false;
            var mailboxId = batch[0].Row.MailboxId;
            var bulk = batch.Exists(c => c.Bulk);
            if (!TryEnter(mailboxId, bulk))
            {
                // Another worker of this node opened the mailbox's last session meanwhile.
                await transaction.RollbackAsync(cancellationToken);
                (taken ??= []).Add(mailboxId);
                continue;
            }
            try
            {
                await DeliverAsync(transaction, mailboxId, batch, cancellationToken);
            }
            finally
            {
                Leave(mailboxId, bulk);
            }
            return true;
        }
        return false;
    }

    private (Guid[] Full, Guid[] BulkFull, bool BulkAllowed) Limits(List<Guid>? taken)
    {
        var perMailbox = Math.Max(1, options.Value.SessionsPerMailbox);
        var bulkPerMailbox = Math.Max(1, perMailbox - 1);
        lock (_gate)
        {
            var full = _sessions.Where(s => s.Value.All >= perMailbox).Select(s => s.Key).Concat(taken ?? []).ToArray();
            var bulkFull = _sessions.Where(s => s.Value.Bulk >= bulkPerMailbox).Select(s => s.Key).ToArray();
            return (full, bulkFull, _bulkWorkers < Math.Max(1, options.Value.Workers - 1));
        }
    }

    private bool TryEnter(Guid mailboxId, bool bulk)
    {
        var perMailbox = Math.Max(1, options.Value.SessionsPerMailbox);
        lock (_gate)
        {
            var (all, bulkSessions) = _sessions.GetValueOrDefault(mailboxId);
            if (all >= perMailbox || (bulk && (bulkSessions >= Math.Max(1, perMailbox - 1) || _bulkWorkers >= Math.Max(1, options.Value.Workers - 1))))
                return false;
            _sessions[mailboxId] = (all + 1, bulkSessions + (bulk ? 1 : 0));
            if (bulk)
                _bulkWorkers++;
            return true;
        }
    }

    private void Leave(Guid mailboxId, bool bulk)
    {
        lock (_gate)
        {
            var (all, bulkSessions) = _sessions[mailboxId];
            if (all == 1)
                _sessions.Remove(mailboxId);
            else
                _sessions[mailboxId] = (all - 1, bulkSessions - (bulk ? 1 : 0));
            if (bulk)
                _bulkWorkers--;
        }
    }

    private async Task DeliverAsync(NpgsqlTransaction transaction, Guid mailboxId, List<Claimed> batch, CancellationToken cancellationToken)
    {
        var mailbox = await mailboxes.FindAsync(mailboxId, cancellationToken);
        var finished = new List<Finished>(batch.Count);
        var toSend = new List<Claimed>(batch.Count);
        var answers = false;
        foreach (var claimed in batch)
        {
            var attempt = claimed.Row.Attempts + 1;
            if (claimed.Answered is { } answered)
            {
                // The server answered this attempt before the worker sending it died: record that answer, do not send again.
                answers = true;
                claimed.Row.Results.Clear();
                foreach (var (address, result) in JsonSerializer.Deserialize<Dictionary<string, RecipientResult>>(answered, Json) ?? [])
                    claimed.Row.Results[address] = result;
                finished.Add(new(claimed.Row, attempt, Outcome.From(claimed.Row, attempt >= options.Value.MaxAttempts)));
            }
            else
            {
                toSend.Add(claimed);
            }
        }

        SubmissionSession? session = null;
        var captured = new List<(OutboundRow Row, Sandbox.Chaos.OutboundChaosResult Chaos, DateTimeOffset? BounceDue)>();
        try
        {
            if (mailbox is null)
            {
                foreach (var claimed in toSend)
                    finished.Add(new(claimed.Row, claimed.Row.Attempts + 1, Outcome.FailAll(claimed.Row, 0, "The mailbox of this message was deleted: nothing was sent.")));
            }
            else if (options.Value.Capture || mailbox.IsSandbox)
            {
                await foreach (var row in WithContentAsync(transaction, toSend, cancellationToken))
                {
                    // The sandbox's failure injection (Sandbox/Chaos) may answer some recipients 4xx/5xx instead; the others are captured.
                    var attempt = row.Attempts + 1;
                    var chaos = outboundChaos.Apply(row);
                    if (chaos.Captured.Count > 0)
                        await sandbox.CaptureAsync(transaction, mailbox.Id, row.Id, row.MailFrom, chaos.Captured, row.Content, cancellationToken);
                    // "Accept, then bounce": the reports commit with the capture, so a node stopping before they are due loses none.
                    var bounceDue = await outboundChaos.BounceAsync(transaction, mailbox, row, chaos, cancellationToken);
                    finished.Add(new(row, attempt, chaos.Decided
                        ? Outcome.From(row, attempt >= options.Value.MaxAttempts) with { Captured = true }
                        : Outcome.CapturedAll(row)));
                    captured.Add((row, chaos, bounceDue));
                }
            }
            else
            {
                (session, var journaled) = await SendAsync(transaction, mailbox, toSend, finished, cancellationToken);
                answers |= journaled;
            }

            if (finished.Count > 0)
                await FinishAsync(transaction, finished, answers, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            // QUIT after the commit: a server may take its time to say goodbye, and nothing waits for that any more.
            if (session is not null)
            {
                await session.CloseAsync(cancellationToken);
                await session.DisposeAsync();
            }
        }

        if (captured.Exists(c => c.Chaos.Captured.Count > 0))
            sandbox.Captured();
        foreach (var (_, _, bounceDue) in captured)
            outboundChaos.Wake(bounceDue);
        foreach (var (row, attempt, outcome) in finished)
        {
            if (outcome.State == "queued")
                logger.LogInformation("Outbound {MessageId} not delivered yet ({Status}); attempt {Attempt}", row.MessageId, outcome.Status, attempt);
            else if (outcome.State != "delivered")
                logger.LogWarning("Outbound {MessageId} failed for good: {Detail}", row.MessageId, outcome.Detail);
            if (outcome.State is "delivered" or "partial" && !outcome.Captured && mailbox is { Config.SaveToSent: true } && row.Content.Length > 0)
                await sentFolder.SaveAsync(mailbox, row.Content, cancellationToken);
        }
    }

    /// <summary>
    /// Sends the rows over one session (a new one after a failure that left the connection in doubt), each answer committed
    /// on its own as soon as it came. Stops after <see cref="OutboundOptions.BatchTime"/>: the rows not tried stay queued.
    /// The session is the caller's to close after its commit.
    /// </summary>
    private async Task<(SubmissionSession? Session, bool Journaled)> SendAsync(NpgsqlTransaction transaction, Mailbox mailbox, List<Claimed> toSend,
        List<Finished> finished, CancellationToken cancellationToken)
    {
        var secrets = await mailboxes.SecretsAsync(mailbox.Id, cancellationToken);
        if (smtp.ServerFor(mailbox, secrets) is not { } server)
        {
            foreach (var claimed in toSend)
            {
                finished.Add(new(claimed.Row, claimed.Row.Attempts + 1, Outcome.Retry(claimed.Row, "no SMTP server",
                    $"The mailbox {mailbox.Address} has no SMTP server and MailHub:Outbound:DefaultRelay is not set: add the outgoing server to the mailbox.")));
            }
            return (null, false);
        }

        var started = time.GetTimestamp();
        SubmissionSession? session = null;
        SubmissionException? cannotOpen = null;
        NpgsqlConnection? journal = null;
        NpgsqlCommand? record = null;
        var journaled = false;
        try
        {
            await foreach (var row in WithContentAsync(transaction, toSend, cancellationToken))
            {
                var attempt = row.Attempts + 1;
                if (cannotOpen is not null)
                {
                    // The server could not be reached or refused the login for this batch: the same for every row of it.
                    finished.Add(new(row, attempt, AfterFailure(row, attempt, cannotOpen)));
                    continue;
                }
                if (finished.Count > 0 && time.GetElapsedTime(started) > options.Value.BatchTime)
                    break;
                if (session is not { IsUsable: true })
                {
                    if (session is not null)
                        await session.DisposeAsync();
                    session = null;
                    try
                    {
                        session = await smtp.OpenAsync(server.Server, server.Secret, cancellationToken);
                    }
                    catch (SubmissionException e)
                    {
                        cannotOpen = e;
                        finished.Add(new(row, attempt, AfterFailure(row, attempt, e)));
                        continue;
                    }
                }

                IReadOnlyList<RecipientReply> replies;
                try
                {
                    replies = await SmtpDelivery.SendAsync(session, row, row.Pending, cancellationToken);
                }
                catch (SubmissionException e)
                {
                    // Refused as a whole (MAIL FROM, a message the server cannot take) or the connection failed: nothing was
                    // taken, so nothing needs recording before the batch's commit.
                    finished.Add(new(row, attempt, AfterFailure(row, attempt, e)));
                    continue;
                }
                foreach (var reply in replies)
                    row.Results[reply.Address] = new RecipientResult(reply.Code, reply.Text, reply.Accepted, reply.Accepted || !reply.IsTransient);
                finished.Add(new(row, attempt, Outcome.From(row, attempt >= options.Value.MaxAttempts)));

                // The answer on record, on its own, before the next message: from here a crash does not send this one again.
                try
                {
                    if (record is null)
                    {
                        journal = await dataSource.OpenConnectionAsync(cancellationToken);
                        if (!options.Value.FlushEachAnswer)
                        {
                            // The answer is PostgreSQL's once the insert returns, whatever happens to this node; only a crash of the
                            // database itself within the WAL writer's delay could forget it (and the message would go again).
                            await using var lazy = new NpgsqlCommand("SET synchronous_commit = off", journal);
                            await lazy.ExecuteNonQueryAsync(cancellationToken);
                        }
                        record = new NpgsqlCommand("INSERT INTO channels.outbox_answers (outbox_id, attempt, recipient_results) VALUES ($1, $2, $3::jsonb)", journal);
                        record.Parameters.Add(new() { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
                        record.Parameters.Add(new() { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
                        record.Parameters.Add(new() { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
                    }
                    record.Parameters[0].Value = row.Id;
                    record.Parameters[1].Value = attempt;
                    record.Parameters[2].Value = JsonSerializer.Serialize(row.Results, Json);
                    await record.ExecuteNonQueryAsync(cancellationToken);
                    journaled = true;
                }
                catch (NpgsqlException e)
                {
                    // The batch's commit records it (if the database takes it): send no more until then.
                    logger.LogWarning(e, "The answer to {MessageId} could not be put on record on its own; the batch ends here", row.MessageId);
                    break;
                }
            }
            return (session, journaled);
        }
        catch
        {
            if (session is not null)
                await session.DisposeAsync();
            throw;
        }
        finally
        {
            if (record is not null)
                await record.DisposeAsync();
            if (journal is not null)
                await journal.DisposeAsync();
        }
    }

    private Outcome AfterFailure(OutboundRow row, int attempt, SubmissionException e) =>
        // Connection, TLS and credentials can be fixed (by an admin) in the meantime: retried like a 4xx, then final.
        e.Retry && attempt < options.Value.MaxAttempts ? Outcome.Retry(row, e.Status, e.Message) : Outcome.FailAll(row, e.Code, e.Message);

    /// <summary>The rows with their content, read a few at a time (about a megabyte), so a batch of large mail is never all in memory.</summary>
    private static async IAsyncEnumerable<OutboundRow> WithContentAsync(NpgsqlTransaction transaction, List<Claimed> rows,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const int ChunkBytes = 1 << 20;
        var i = 0;
        while (i < rows.Count)
        {
            var end = i;
            var bytes = 0L;
            while (end < rows.Count && (end == i || bytes + rows[end].Size <= ChunkBytes))
                bytes += rows[end++].Size;
            var contents = new Dictionary<Guid, byte[]>(end - i);
            await using (var read = new NpgsqlCommand("SELECT id, content FROM channels.outbox WHERE id = ANY($1)", transaction.Connection, transaction))
            {
                read.Parameters.Add(new() { Value = rows.GetRange(i, end - i).Select(r => r.Row.Id).ToArray() });
                await using var reader = await read.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                    contents[reader.GetGuid(0)] = reader.GetFieldValue<byte[]>(1);
            }
            for (; i < end; i++)
                yield return rows[i].Row with { Content = contents[rows[i].Row.Id] };
        }
    }

    /// <summary>
    /// Due rows of one mailbox, agents' mail before bulk: the mailbox of the first due row this node may open a session for
    /// (<paramref name="full"/>: no session left; <paramref name="bulkFull"/>: no session left for bulk mail), then its rows.
    /// </summary>
    private async Task<List<Claimed>> ClaimAsync(NpgsqlTransaction transaction, Guid[] full, Guid[] bulkFull, bool bulkAllowed,
        CancellationToken cancellationToken)
    {
        await using var claim = new NpgsqlCommand("""
            WITH first AS (
                SELECT mailbox_id FROM channels.outbox
                WHERE state = 'queued' AND next_attempt_at <= now() AND mailbox_id <> ALL($1) AND (NOT bulk OR ($3 AND mailbox_id <> ALL($2)))
                ORDER BY bulk, next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            SELECT o.id, o.mailbox_id, o.message_id, o.mail_from, o.recipients, o.correlation_id, o.attempts, o.recipient_results::text,
                octet_length(o.content), o.bulk, a.recipient_results::text
            FROM channels.outbox o
            LEFT JOIN channels.outbox_answers a ON a.outbox_id = o.id AND a.attempt = o.attempts + 1
            WHERE o.mailbox_id = (SELECT mailbox_id FROM first) AND o.state = 'queued' AND o.next_attempt_at <= now()
              AND (NOT o.bulk OR ($3 AND o.mailbox_id <> ALL($2)))
            ORDER BY o.bulk, o.next_attempt_at LIMIT $4 FOR UPDATE OF o SKIP LOCKED
            """, transaction.Connection, transaction);
        claim.Parameters.Add(new() { Value = full });
        claim.Parameters.Add(new() { Value = bulkFull });
        claim.Parameters.Add(new() { Value = bulkAllowed });
        claim.Parameters.Add(new() { Value = Math.Max(1, options.Value.BatchSize) });
        var rows = new List<Claimed>();
        await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new OutboundRow(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<string[]>(4),
                [], reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetInt32(6),
                JsonSerializer.Deserialize<Dictionary<string, RecipientResult>>(reader.GetString(7), Json) ?? []);
            rows.Add(new Claimed(row, reader.GetInt32(8), reader.GetBoolean(9), reader.IsDBNull(10) ? null : reader.GetString(10)));
        }
        return rows;
    }

    /// <summary>Every finished row's new state (one statement), their events (one Marten session), and their answers dropped.</summary>
    private async Task FinishAsync(NpgsqlTransaction transaction, List<Finished> finished, bool answers, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var n = finished.Count;
        var ids = new Guid[n];
        var states = new string[n];
        var attempts = new int[n];
        var retryAt = new DateTimeOffset[n];
        var results = new string[n];
        var details = new string?[n];
        var capturedFlags = new bool[n];
        for (var i = 0; i < n; i++)
        {
            var (row, attempt, outcome) = finished[i];
            ids[i] = row.Id;
            states[i] = outcome.State;
            attempts[i] = attempt;
            retryAt[i] = now + RetryDelay(attempt);
            results[i] = JsonSerializer.Serialize(row.Results, Json);
            details[i] = outcome.Detail;
            capturedFlags[i] = outcome.Captured;
        }
        await using (var batch = new NpgsqlBatch(transaction.Connection, transaction))
        {
            var update = new NpgsqlBatchCommand("""
                UPDATE channels.outbox o SET state = u.state, attempts = u.attempt, next_attempt_at = u.retry_at, recipient_results = u.results::jsonb,
                    last_error = u.detail, captured = u.captured, finished_at = CASE WHEN u.state = 'queued' THEN NULL ELSE now() END
                FROM unnest($1::uuid[], $2::text[], $3::integer[], $4::timestamptz[], $5::text[], $6::text[], $7::boolean[])
                    AS u(id, state, attempt, retry_at, results, detail, captured)
                WHERE o.id = u.id
                """);
            update.Parameters.Add(new() { Value = ids });
            update.Parameters.Add(new() { Value = states });
            update.Parameters.Add(new() { Value = attempts });
            update.Parameters.Add(new() { Value = retryAt });
            update.Parameters.Add(new() { Value = results });
            update.Parameters.Add(new() { Value = details, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
            update.Parameters.Add(new() { Value = capturedFlags });
            batch.BatchCommands.Add(update);
            if (answers)
            {
                var drop = new NpgsqlBatchCommand("DELETE FROM channels.outbox_answers WHERE outbox_id = ANY($1)");
                drop.Parameters.Add(new() { Value = ids });
                batch.BatchCommands.Add(drop);
            }
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var session = events.LightweightSession(SessionOptions.ForTransaction(transaction));
        foreach (var (row, _, outcome) in finished)
        {
            object recorded = outcome.State == "delivered"
                ? new OutboundDelivered(row.Id, row.MailboxId, row.MessageId, row.CorrelationId, now)
                : new OutboundFailed(row.Id, row.MailboxId, row.MessageId, row.CorrelationId,
                    outcome.Status, outcome.Detail ?? "", Permanent: outcome.State != "queued", now);
            session.Events.Append(OutboundDelivered.StreamOf(row.Id), recorded);
        }
        await session.SaveChangesAsync(cancellationToken);
    }

    private TimeSpan RetryDelay(int attempt)
    {
        var delay = options.Value.RetryDelay * Math.Pow(2, Math.Min(attempt - 1, 20));
        return delay < options.Value.MaxRetryDelay ? delay : options.Value.MaxRetryDelay;
    }

    /// <summary>How an attempt ended: the row's next state (queued, delivered, partial, failed) and the event's words.</summary>
    private sealed record Outcome(string State, string Status, string? Detail, bool Captured)
    {
        public static Outcome CapturedAll(OutboundRow row)
        {
            foreach (var r in row.Recipients)
                row.Results[r] = new RecipientResult(250, "captured in the sandbox", Accepted: true, Final: true);
            return new Outcome("delivered", "250", null, Captured: true);
        }

        public static Outcome Retry(OutboundRow row, string status, string detail)
        {
            foreach (var r in row.Pending)
                row.Results[r] = new RecipientResult(0, detail, Accepted: false, Final: false);
            return new Outcome("queued", status, detail, Captured: false);
        }

        public static Outcome FailAll(OutboundRow row, int code, string detail)
        {
            foreach (var r in row.Pending)
                row.Results[r] = new RecipientResult(code, detail, Accepted: false, Final: true);
            return From(row, lastAttempt: true) with { Detail = detail };
        }

        /// <summary>After the server answered each recipient: done when nobody is pending (or retries ran out).</summary>
        public static Outcome From(OutboundRow row, bool lastAttempt)
        {
            var pending = row.Pending;
            if (pending.Count > 0 && !lastAttempt)
            {
                var first = row.Results[pending[0]];
                return new Outcome("queued", StatusOf(first), Describe(row, pending), Captured: false);
            }
            foreach (var r in pending)
                row.Results[r] = row.Results.TryGetValue(r, out var last) ? last with { Final = true } : new RecipientResult(0, "not tried", false, true);
            var refused = row.Recipients.Where(r => !row.Results[r].Accepted).ToList();
            if (refused.Count == 0)
                return new Outcome("delivered", "250", null, Captured: false);
            var state = refused.Count == row.Recipients.Count ? "failed" : "partial";
            return new Outcome(state, StatusOf(row.Results[refused[0]]), Describe(row, refused), Captured: false);
        }

        private static string Describe(OutboundRow row, IReadOnlyList<string> recipients) =>
            string.Join("; ", recipients.Select(r => $"<{r}> {row.Results[r].Code} {row.Results[r].Text}".Replace("\n", " ", StringComparison.Ordinal)));

        // "550 5.1.1" from the reply code and the enhanced status code (RFC 3463) the text starts with.
        private static string StatusOf(RecipientResult result)
        {
            var enhanced = result.Text.Split(' ', 2)[0];
            return enhanced.Count(c => c == '.') == 2 && char.IsDigit(enhanced[0])
                ? $"{result.Code.ToString(CultureInfo.InvariantCulture)} {enhanced}"
                : result.Code.ToString(CultureInfo.InvariantCulture);
        }
    }
}
