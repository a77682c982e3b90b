using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using MailHub.Channels.Inbound;
using MailHub.Channels.Mailboxes;
using MailHub.Mail.Smtp.Server;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Utils;
using Npgsql;

namespace MailHub.Channels.Sandbox.Chaos;

/// <summary>
/// "Accept, then bounce": a delivery status notification (RFC 3464) about one captured recipient, delivered a moment after the
/// capture into the mailbox that sent the message, through the same writer and event as any received mail, so the bounce path
/// (Conversations marks the reply failed with the report's status) runs with no provider. The report is built and written to
/// <c>channels.sandbox_bounces</c> in the capture's transaction (<see cref="ScheduleAsync"/>), so a node that stops before it is
/// due loses nothing: every node's loop claims due rows (<c>FOR UPDATE SKIP LOCKED</c>), delivers them and deletes each row in
/// that claim's transaction. The report is stored under the row's id, so a node dying between the delivery's commit and the
/// row's delete leaves the row to another node, which finds the report stored (or is refused by the primary key) and only
/// deletes the row: the report arrives once. At start this service also reads the failure-injection rules once, so a node answers with them from its
/// first session.
/// </summary>
internal sealed partial class SandboxBounces(
    NpgsqlDataSource dataSource,
    InboundBatchWriter writer,
    MailboxStore mailboxes,
    SandboxChaos chaos,
    IOptions<SandboxOptions> sandbox,
    TimeProvider time,
    ILogger<SandboxBounces> logger) : BackgroundService
{
    /// <summary>How long after the capture a bounce rule without delaySeconds reports.</summary>
    public static readonly TimeSpan DefaultDelay = TimeSpan.FromSeconds(1);

    private const int ClaimBatch = 20;
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _wake = new(0, 1);
    private long _soonestTicks = long.MaxValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await chaos.ReloadAsync(stoppingToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            LogWarmUpFailed(e); // the first stage that asks reads them again
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            DateTimeOffset? next = null;
            try
            {
                next = await DeliverDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                LogLoopFailed(e);
            }
            var now = time.GetUtcNow();
            var wait = sandbox.Value.BouncePoll;
            var soonest = Interlocked.Exchange(ref _soonestTicks, long.MaxValue);
            if (soonest != long.MaxValue)
                next = next is { } n && n.UtcTicks < soonest ? n : new DateTimeOffset(soonest, TimeSpan.Zero);
            if (next is { } due && due - now < wait)
                wait = due > now ? due - now : TimeSpan.Zero;
            if (wait <= TimeSpan.Zero)
                continue;
            try
            {
                await _wake.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Writes the report about <paramref name="recipient"/> of a message captured for <paramref name="mailbox"/>, due
    /// delaySeconds later, inside the capture's transaction; <see cref="Wake"/> after the commit has this node deliver it on time.
    /// </summary>
    public async Task<DateTimeOffset> ScheduleAsync(NpgsqlTransaction transaction, Mailbox mailbox, Guid outboxId, string recipient, ChaosRule rule,
        byte[] original, CancellationToken cancellationToken)
    {
        var delay = rule.DelaySeconds is > 0 ? TimeSpan.FromSeconds(rule.DelaySeconds.Value) : DefaultDelay;
        var due = time.GetUtcNow() + delay;
        var content = Build(sandbox.Value.Domain, mailbox.Address, outboxId, recipient, rule, original, due);
        await using var insert = new NpgsqlCommand("""
            INSERT INTO channels.sandbox_bounces (id, mailbox_id, outbox_id, recipient, status, content, due_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
            """, transaction.Connection, transaction);
        insert.Parameters.Add(new() { Value = Guid.CreateVersion7() });
        insert.Parameters.Add(new() { Value = mailbox.Id });
        insert.Parameters.Add(new() { Value = outboxId });
        insert.Parameters.Add(new() { Value = recipient });
        insert.Parameters.Add(new() { Value = rule.Status ?? "5.1.1" });
        insert.Parameters.Add(new() { Value = content });
        insert.Parameters.Add(new() { Value = due });
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return due;
    }

    /// <summary>After the capture committed: this node's loop delivers the report at <paramref name="due"/> (not at its next poll).</summary>
    public void Wake(DateTimeOffset due)
    {
        var ticks = due.UtcTicks;
        long seen;
        do
        {
            seen = Volatile.Read(ref _soonestTicks);
            if (seen <= ticks)
                break;
        }
        while (Interlocked.CompareExchange(ref _soonestTicks, ticks, seen) != seen);
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }

    /// <summary>Delivers the due reports no other node holds; answers when the next one is due (null: none waits).</summary>
    internal async Task<DateTimeOffset?> DeliverDueAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var now = time.GetUtcNow();
            var due = new List<(Guid Id, Guid Mailbox, string Recipient, string Status, byte[] Content, int Attempts)>();
            await using (var claim = new NpgsqlCommand("""
                SELECT id, mailbox_id, recipient, status, content, attempts FROM channels.sandbox_bounces
                WHERE due_at <= $1 ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED
                """, connection, transaction))
            {
                claim.Parameters.Add(new() { Value = now });
                claim.Parameters.Add(new() { Value = ClaimBatch });
                await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                    due.Add((reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<byte[]>(4), reader.GetInt32(5)));
            }
            if (due.Count == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                await using var next = new NpgsqlCommand("SELECT min(due_at) FROM channels.sandbox_bounces", connection);
                return await next.ExecuteScalarAsync(cancellationToken) is DateTime at ? new DateTimeOffset(at, TimeSpan.Zero) : null;
            }
            foreach (var bounce in due)
            {
                string? failure = null;
                var mailbox = await mailboxes.FindAsync(bounce.Mailbox, cancellationToken);
                if (mailbox is not null && await DeliveredAsync(connection, transaction, bounce.Id, cancellationToken))
                {
                    LogDeliveredBefore(bounce.Recipient, mailbox.Address);
                }
                else if (mailbox is not null)
                {
                    try
                    {
                        await DeliverAsync(mailbox, bounce.Id, bounce.Content, cancellationToken);
                        LogBounced(bounce.Recipient, mailbox.Address, bounce.Status);
                    }
                    catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
                    {
                        LogDeliveredBefore(bounce.Recipient, mailbox.Address); // another node's delivery of this row won the race
                    }
                    catch (Exception e) when (e is NpgsqlException or TimeoutException)
                    {
                        LogBounceFailed(e, bounce.Recipient, mailbox.Address);
                        failure = e.Message;
                    }
                }
                else
                {
                    LogMailboxGone(bounce.Recipient, bounce.Mailbox);
                }
                await using var done = failure is null
                    ? new NpgsqlCommand("DELETE FROM channels.sandbox_bounces WHERE id = $1", connection, transaction)
                    : new NpgsqlCommand("UPDATE channels.sandbox_bounces SET attempts = attempts + 1, last_error = $2, due_at = $3 WHERE id = $1",
                        connection, transaction);
                done.Parameters.Add(new() { Value = bounce.Id });
                if (failure is not null)
                {
                    var backoff = TimeSpan.FromSeconds(Math.Min(MaxRetryDelay.TotalSeconds, Math.Pow(2, Math.Min(bounce.Attempts, 16))));
                    done.Parameters.Add(new() { Value = failure });
                    done.Parameters.Add(new() { Value = time.GetUtcNow() + backoff });
                }
                await done.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The report (RFC 3464 §2, in MimeKit's types): multipart/report; report-type=delivery-status with a human-readable part, the
    /// message/delivery-status fields (per message: Reporting-MTA, Original-Envelope-Id = the outbox row as MailHub sends ENVID,
    /// Arrival-Date; per recipient: Final-Recipient, Action, Status, Diagnostic-Code), and the returned headers
    /// (text/rfc822-headers, as RET=HDRS asks), whose Message-ID ties the report to the reply.
    /// </summary>
    internal static byte[] Build(string domain, string mailboxAddress, Guid outboxId, string recipient, ChaosRule rule, byte[] original, DateTimeOffset at)
    {
        var status = rule.Status ?? "5.1.1";
        var delayed = status.StartsWith('4');
        var code = rule.Code ?? (delayed ? 451 : 550);
        var text = rule.Text ?? (delayed ? "Mailbox temporarily unavailable" : "User unknown");
        var diagnostic = $"{code.ToString(CultureInfo.InvariantCulture)} {status} {text}";
        var mta = "sandbox." + domain;

        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Mail Delivery System", "MAILER-DAEMON@" + domain));
        message.To.Add(MailboxAddress.Parse(mailboxAddress));
        message.Subject = delayed ? "Delayed Mail (still being retried)" : "Undelivered Mail Returned to Sender";
        message.Date = at;
        message.MessageId = MimeUtils.GenerateMessageId(mta);
        message.Headers.Add("Auto-Submitted", "auto-replied"); // RFC 3834 §5

        using var returned = MimeMessage.Load(new MemoryStream(original));
        if (returned.MessageId is { } originalId)
            message.InReplyTo = originalId;

        var report = new MultipartReport("delivery-status");
        report.Add(new TextPart("plain")
        {
            Text = $"This is the MailHub sandbox, reporting on a message it captured.\r\n\r\n"
                + (delayed ? $"Delivery to <{recipient}> is delayed: {diagnostic}\r\n" : $"The message could not be delivered to <{recipient}>: {diagnostic}\r\n")
                + "\r\nA failure-injection rule (GET /api/sandbox/chaos) asked for this report.\r\n",
        });
        var dsn = new MessageDeliveryStatus();
        dsn.StatusGroups.Add(new HeaderList
        {
            { "Reporting-MTA", "dns; " + mta },
            { "Original-Envelope-Id", outboxId.ToString("N") },
            { "Arrival-Date", DateUtils.FormatDate(at) },
        });
        dsn.StatusGroups.Add(new HeaderList
        {
            { "Final-Recipient", "rfc822; " + recipient },
            { "Action", delayed ? "delayed" : "failed" },
            { "Status", status },
            { "Remote-MTA", "dns; " + mta },
            { "Diagnostic-Code", "smtp; " + diagnostic },
            { "Last-Attempt-Date", DateUtils.FormatDate(at) },
        });
        report.Add(dsn);
        var headers = new MimeMessage((object)returned.Headers.Where(h => h.Id != HeaderId.Bcc).ToList());
        report.Add(new TextRfc822Headers { Message = headers });
        message.Body = report;

        using var bytes = new MemoryStream();
        message.WriteTo(FormatOptions.Default, bytes);
        return bytes.ToArray();
    }

    /// <summary>True when the report of this row is stored already (its node died between that commit and the row's delete).</summary>
    private static async Task<bool> DeliveredAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid bounceId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT 1 FROM channels.inbound_messages WHERE id = $1", connection, transaction);
        command.Parameters.Add(new() { Value = bounceId });
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private async Task DeliverAsync(Mailbox mailbox, Guid bounceId, byte[] content, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var sha256 = SHA256.HashData(content);
        var envelope = new ReceivedEnvelope
        {
            Id = $"bounce-{Guid.NewGuid():N}"[..30],
            MailFrom = "", // the null reverse-path of a report (RFC 3464 §2, RFC 5321 §4.5.5)
            Recipients = [mailbox.Address],
            ClientAddress = IPAddress.Loopback,
            HeloName = "sandbox." + sandbox.Value.Domain,
            EndpointName = "sandbox-bounce",
            ReceivedAt = now,
        };
        var trace = Encoding.UTF8.GetBytes($"Received: from sandbox.{sandbox.Value.Domain} by mailhub with SANDBOX (failure injection for {mailbox.Address});\r\n\t"
            + now.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture) + "\r\n");
        await writer.CommitAsync([new PendingMessage
        {
            Id = bounceId, // the row's id: a second delivery of the row is refused by the primary key, so the report arrives once
            Envelope = envelope,
            TraceHeader = trace,
            Sha256 = sha256,
            ContentSize = content.LongLength,
            Content = content,
            Summary = HeaderSummary.Read(content, complete: true),
            DedupeKey = SHA256.HashData(Encoding.UTF8.GetBytes("sandbox-bounce:" + bounceId.ToString("N"))),
            MailboxId = mailbox.Id,
        }], cancellationToken);
    }

    [LoggerMessage(LogLevel.Information, "Sandbox bounce about {Recipient} delivered to {Mailbox} (status {Status})")]
    private partial void LogBounced(string recipient, string mailbox, string status);

    [LoggerMessage(LogLevel.Warning, "The sandbox bounce about {Recipient} could not be delivered to {Mailbox}")]
    private partial void LogBounceFailed(Exception e, string recipient, string mailbox);

    [LoggerMessage(LogLevel.Warning, "The sandbox bounce about {Recipient} was dropped: its mailbox {MailboxId} was deleted")]
    private partial void LogMailboxGone(string recipient, Guid mailboxId);

    [LoggerMessage(LogLevel.Information, "The sandbox bounce about {Recipient} was in {Mailbox} already (delivered before its node stopped)")]
    private partial void LogDeliveredBefore(string recipient, string mailbox);

    [LoggerMessage(LogLevel.Warning, "Delivering the sandbox's due bounces failed; the next round tries again")]
    private partial void LogLoopFailed(Exception e);

    [LoggerMessage(LogLevel.Warning, "Could not read the sandbox's failure-injection rules at start")]
    private partial void LogWarmUpFailed(Exception e);
}
