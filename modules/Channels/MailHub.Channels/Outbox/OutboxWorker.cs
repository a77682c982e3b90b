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
/// Delivers the outbox. Each delivery runs inside the transaction that locked its row (FOR UPDATE
/// SKIP LOCKED, so nodes never take the same row), and the row's new state commits with the
/// OutboundDelivered / OutboundFailed event as soon as the server answered the message (before QUIT).
/// A crash before that rolls the lock back and the row is sent again with the same Message-ID: never
/// dropped, and twice only if the node died between the server's answer and the commit.
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
                if (await DeliverOneAsync(stoppingToken))
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

    /// <summary>Delivers one due row; false when none was due.</summary>
    internal async Task<bool> DeliverOneAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var row = await ClaimAsync(transaction, cancellationToken);
        if (row is null)
            return false;

        var mailbox = await mailboxes.FindAsync(row.MailboxId, cancellationToken);
        var attempt = row.Attempts + 1;
        async Task<Outcome> RecordAsync(Outcome outcome, CancellationToken ct)
        {
            await FinishAsync(transaction, row, attempt, outcome, ct);
            await transaction.CommitAsync(ct);
            return outcome;
        }

        Outcome outcome;
        if (mailbox is null)
        {
            outcome = await RecordAsync(Outcome.FailAll(row, 0, "The mailbox of this message was deleted: nothing was sent."), cancellationToken);
        }
        else if (options.Value.Capture || mailbox.IsSandbox)
        {
            // The sandbox's failure injection (Sandbox/Chaos) may answer some recipients 4xx/5xx instead; the others are captured.
            var chaos = outboundChaos.Apply(row);
            if (chaos.Captured.Count > 0)
                await sandbox.CaptureAsync(transaction, mailbox.Id, row.Id, row.MailFrom, chaos.Captured, row.Content, cancellationToken);
            // "Accept, then bounce": the reports commit with the capture, so a node stopping before they are due loses none.
            var bounceDue = await outboundChaos.BounceAsync(transaction, mailbox, row, chaos, cancellationToken);
            outcome = await RecordAsync(chaos.Decided ? Outcome.From(row, attempt >= options.Value.MaxAttempts) with { Captured = true } : Outcome.CapturedAll(row),
                cancellationToken);
            if (chaos.Captured.Count > 0)
                sandbox.Captured();
            outboundChaos.Wake(bounceDue);
        }
        else
        {
            outcome = await SendAsync(row, mailbox, attempt, RecordAsync, cancellationToken);
        }

        if (outcome.State is "delivered" or "partial" && !outcome.Captured && mailbox is { Config.SaveToSent: true })
            await sentFolder.SaveAsync(mailbox, row.Content, cancellationToken);
        return true;
    }

    /// <summary>
    /// One attempt through the mailbox's server. Its outcome is recorded (committed with the row) as soon as the server
    /// answered the message, before QUIT: a node that dies while a slow server says goodbye has already marked the row
    /// delivered, so no other node sends it again. Only a death between the server's answer and that commit, or before
    /// the answer came, leaves the row queued: it is sent again with the same Message-ID.
    /// </summary>
    private async Task<Outcome> SendAsync(OutboundRow row, Mailbox mailbox, int attempt, Func<Outcome, CancellationToken, Task<Outcome>> record,
        CancellationToken cancellationToken)
    {
        var secrets = await mailboxes.SecretsAsync(mailbox.Id, cancellationToken);
        if (smtp.ServerFor(mailbox, secrets) is not { } server)
        {
            return await record(Outcome.Retry(row, "no SMTP server",
                $"The mailbox {mailbox.Address} has no SMTP server and MailHub:Outbound:DefaultRelay is not set: add the outgoing server to the mailbox."),
                cancellationToken);
        }
        Outcome? recorded = null;
        try
        {
            await smtp.SendAsync(server.Server, server.Secret, row, row.Pending, async (replies, ct) =>
            {
                foreach (var reply in replies)
                    row.Results[reply.Address] = new RecipientResult(reply.Code, reply.Text, reply.Accepted, reply.Accepted || !reply.IsTransient);
                recorded = await record(Outcome.From(row, attempt >= options.Value.MaxAttempts), ct);
            }, cancellationToken);
            return recorded!;
        }
        catch (SubmissionException e) when (recorded is null)
        {
            // Connection, TLS and credentials can be fixed (by an admin) in the meantime: retried like a 4xx, then final.
            return await record(e.Retry && attempt < options.Value.MaxAttempts
                ? Outcome.Retry(row, e.Status, e.Message)
                : Outcome.FailAll(row, e.Code, e.Message), cancellationToken);
        }
    }

    private static async Task<OutboundRow?> ClaimAsync(NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var claim = new NpgsqlCommand("""
            SELECT id, mailbox_id, message_id, mail_from, recipients, content, correlation_id, attempts, recipient_results::text
            FROM channels.outbox WHERE state = 'queued' AND next_attempt_at <= now()
            ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED
            """, transaction.Connection, transaction);
        await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        return new OutboundRow(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<string[]>(4),
            reader.GetFieldValue<byte[]>(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetInt32(7),
            JsonSerializer.Deserialize<Dictionary<string, RecipientResult>>(reader.GetString(8), Json) ?? []);
    }

    private async Task FinishAsync(NpgsqlTransaction transaction, OutboundRow row, int attempt, Outcome outcome, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var retryAt = now + RetryDelay(attempt);
        await using (var update = new NpgsqlCommand("""
            UPDATE channels.outbox SET state = $2, attempts = $3, next_attempt_at = $4, recipient_results = $5::jsonb, last_error = $6,
                captured = $7, finished_at = CASE WHEN $2 = 'queued' THEN NULL ELSE now() END
            WHERE id = $1
            """, transaction.Connection, transaction))
        {
            update.Parameters.Add(new() { Value = row.Id });
            update.Parameters.Add(new() { Value = outcome.State });
            update.Parameters.Add(new() { Value = attempt });
            update.Parameters.Add(new() { Value = retryAt });
            update.Parameters.Add(new() { Value = JsonSerializer.Serialize(row.Results, Json) });
            update.Parameters.Add(new() { Value = (object?)outcome.Detail ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            update.Parameters.Add(new() { Value = outcome.Captured });
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        object recorded = outcome.State == "delivered"
            ? new OutboundDelivered(row.Id, row.MailboxId, row.MessageId, row.CorrelationId, now)
            : new OutboundFailed(row.Id, row.MailboxId, row.MessageId, row.CorrelationId,
                outcome.Status, outcome.Detail ?? "", Permanent: outcome.State != "queued", now);
        await using (var session = events.LightweightSession(SessionOptions.ForTransaction(transaction)))
        {
            session.Events.Append(OutboundDelivered.StreamOf(row.Id), recorded);
            await session.SaveChangesAsync(cancellationToken);
        }

        if (outcome.State == "queued")
            logger.LogInformation("Outbound {MessageId} not delivered yet ({Status}); attempt {Attempt}, next at {RetryAt}", row.MessageId, outcome.Status, attempt, retryAt);
        else if (outcome.State != "delivered")
            logger.LogWarning("Outbound {MessageId} failed for good: {Detail}", row.MessageId, outcome.Detail);
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
