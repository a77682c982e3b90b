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

namespace MailHub.Channels.Sandbox.Chaos;

/// <summary>
/// "Accept, then bounce": a delivery status notification (RFC 3464) about one captured recipient, delivered a moment after the
/// capture into the mailbox that sent the message, through the same writer and event as any received mail, so the bounce path
/// (Conversations marks the reply failed with the report's status) runs with no provider. The report waits in memory: a node
/// that stops before it is due drops it (it is QA's sandbox, and the capture is committed either way). At start this service
/// also reads the failure-injection rules once, so a node answers with them from its first session.
/// </summary>
internal sealed partial class SandboxBounces(
    InboundBatchWriter writer,
    SandboxChaos chaos,
    IOptions<SandboxOptions> sandbox,
    TimeProvider time,
    ILogger<SandboxBounces> logger) : BackgroundService
{
    /// <summary>How long after the capture a bounce rule without delaySeconds reports.</summary>
    public static readonly TimeSpan DefaultDelay = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        stoppingToken.Register(_stopping.Cancel);
        try
        {
            await chaos.ReloadAsync(stoppingToken);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            LogWarmUpFailed(e); // the first stage that asks reads them again
        }
    }

    /// <summary>Schedules the report about <paramref name="recipient"/> of a captured message sent by <paramref name="mailbox"/>.</summary>
    public void Schedule(Mailbox mailbox, Guid outboxId, string recipient, ChaosRule rule, byte[] original)
    {
        var delay = rule.DelaySeconds is > 0 ? TimeSpan.FromSeconds(rule.DelaySeconds.Value) : DefaultDelay;
        var token = _stopping.Token;
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(delay, time, token);
                var content = Build(sandbox.Value.Domain, mailbox.Address, outboxId, recipient, rule, original, time.GetUtcNow());
                await DeliverAsync(mailbox, content, token);
                LogBounced(recipient, mailbox.Address, rule.Status ?? "5.1.1");
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogBounceFailed(e, recipient, mailbox.Address);
            }
        }, CancellationToken.None);
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

    private async Task DeliverAsync(Mailbox mailbox, byte[] content, CancellationToken cancellationToken)
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
            Id = Guid.CreateVersion7(now),
            Envelope = envelope,
            TraceHeader = trace,
            Sha256 = sha256,
            ContentSize = content.LongLength,
            Content = content,
            Summary = HeaderSummary.Read(content, complete: true),
            DedupeKey = SHA256.HashData([.. sha256, .. Encoding.UTF8.GetBytes("\nsandbox-bounce:" + mailbox.Id)]),
            MailboxId = mailbox.Id,
        }], cancellationToken);
    }

    // The container disposes it once as a singleton and may again as the hosted service: only the first counts. The token
    // source has no timer, so it is cancelled and left to the collector (a disposed one would throw in a late callback).
    public override void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        _stopping.Cancel();
        base.Dispose();
    }

    [LoggerMessage(LogLevel.Information, "Sandbox bounce about {Recipient} delivered to {Mailbox} (status {Status})")]
    private partial void LogBounced(string recipient, string mailbox, string status);

    [LoggerMessage(LogLevel.Warning, "The sandbox bounce about {Recipient} could not be delivered to {Mailbox}")]
    private partial void LogBounceFailed(Exception e, string recipient, string mailbox);

    [LoggerMessage(LogLevel.Warning, "Could not read the sandbox's failure-injection rules at start")]
    private partial void LogWarmUpFailed(Exception e);
}
