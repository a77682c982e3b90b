using JasperFx.Events;
using MailHub.Campaigns.Contracts;
using MailHub.Campaigns.Suppressions;
using MailHub.Channels.Contracts;
using MailHub.Core.EventSourcing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Npgsql;

namespace MailHub.Campaigns.Sending;

/// <summary>One recipient's line of a delivery status notification (RFC 3464 §2.3): who, what happened, the status code.</summary>
internal sealed record BounceLine(string Recipient, string Action, string Status, string? Diagnostic);

/// <summary>A DSN read: the envelope id we gave (ENVID, the outbox row), the original Message-ID, and its recipients' lines.</summary>
internal sealed record Bounce(Guid? EnvelopeId, string? OriginalMessageId, IReadOnlyList<BounceLine> Lines)
{
    /// <summary>
    /// Reads a multipart/report; report-type=delivery-status (RFC 3462, RFC 3464): the per-message fields
    /// (Original-Envelope-Id, §2.2.1), each per-recipient group (Final-Recipient, Action, Status, Diagnostic-Code,
    /// §2.3), and the returned headers (text/rfc822-headers or message/rfc822) for the Message-ID. Null otherwise.
    /// </summary>
    public static Bounce? Read(MimeMessage message)
    {
        var report = message.Body as MultipartReport ?? message.BodyParts.OfType<MultipartReport>().FirstOrDefault();
        if (report is null || !string.Equals(report.ReportType, "delivery-status", StringComparison.OrdinalIgnoreCase))
            return null;
        var status = report.OfType<MessageDeliveryStatus>().FirstOrDefault();
        if (status is null || status.StatusGroups.Count == 0)
            return null;
        var envid = status.StatusGroups[0]["Original-Envelope-Id"]?.Trim();
        var lines = new List<BounceLine>();
        foreach (var group in status.StatusGroups.Skip(1))
        {
            var recipient = group["Final-Recipient"] ?? group["Original-Recipient"];
            if (recipient is null)
                continue;
            var address = recipient.Split(';', 2)[^1].Trim().Trim('<', '>').ToLowerInvariant();
            lines.Add(new BounceLine(address, (group["Action"] ?? "").Trim().ToLowerInvariant(), (group["Status"] ?? "").Trim(),
                group["Diagnostic-Code"]?.Split(';', 2)[^1].Trim()));
        }
        var original = report.OfType<MessagePart>().FirstOrDefault()?.Message?.MessageId;
        return new Bounce(Guid.TryParseExact(envid ?? "", "N", out var id) ? id : null, original, lines);
    }
}

/// <summary>
/// Delivery status notifications arriving on a mailbox (the SMTP listener or the mailbox's sync), matched to the campaign
/// recipient by the original Message-ID (ours are stable per recipient) or the envelope id (the outbox row, sent as ENVID):
/// a permanent failure (5.x.x) makes the recipient 'bounced' and suppresses the address; a temporary one (4.x.x, or a
/// "delayed" action) is counted per address and suppresses it after <c>MailHub:Campaigns:SoftBounceLimit</c>. Only
/// messages with a null reverse-path (RFC 5321 §4.5.5, how DSNs are sent) are opened. Idempotent: a bounce recorded once
/// is not counted again.
/// </summary>
internal sealed class BounceHandler(IInboundMessages inbound, NpgsqlDataSource dataSource, SuppressionStore suppressions,
    IOptions<CampaignsOptions> options, Report.CampaignProgress progress, ILogger<BounceHandler> logger) : IEventHandler
{
    public const string SubscriptionName = "campaigns.bounces";

    public static readonly Type[] HandledTypes = [typeof(MessageReceived)];

    public async Task HandleAsync(IEvent recorded, CancellationToken cancellationToken)
    {
        if (recorded.Data is not MessageReceived received || !IsNullSender(received.MailFrom))
            return;
        await using var raw = await inbound.OpenRawAsync(received.InboundMessageId, cancellationToken);
        if (raw is null)
            return;
        Bounce? bounce;
        try
        {
            bounce = Bounce.Read(await MimeMessage.LoadAsync(raw, cancellationToken));
        }
        catch (FormatException e)
        {
            logger.LogDebug(e, "Inbound {Inbound} is not a readable DSN", received.InboundMessageId);
            return;
        }
        if (bounce is null)
            return;
        foreach (var line in bounce.Lines.Where(l => l.Action is "failed" or "delayed"))
            await RecordAsync(bounce, line, received.InboundMessageId, cancellationToken);
    }

    private static bool IsNullSender(string mailFrom) =>
        mailFrom.Trim() is "" or "<>" || mailFrom.StartsWith("mailer-daemon@", StringComparison.OrdinalIgnoreCase);

    private async Task RecordAsync(Bounce bounce, BounceLine line, Guid inboundId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var hard = line.Action == "failed" && line.Status.StartsWith('5');
        var detail = $"{line.Status} {line.Diagnostic}".Trim();
        await using var find = new NpgsqlCommand("""
            SELECT id, email, bounced_at IS NOT NULL, bounce, campaign_id FROM campaigns.recipients
            WHERE email = $1 AND (message_id = $2 OR outbound_id = $3) LIMIT 1
            """, connection);
        find.Parameters.Add(new() { Value = line.Recipient });
        find.Parameters.Add(new() { Value = (object?)bounce.OriginalMessageId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        find.Parameters.Add(new() { Value = (object?)bounce.EnvelopeId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        Guid recipient, campaign;
        string? seen;
        await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
                return;
            recipient = reader.GetGuid(0);
            campaign = reader.GetGuid(4);
            seen = reader.IsDBNull(3) ? null : reader.GetString(3);
            if (reader.GetBoolean(2))
                return; // a hard bounce is recorded once
        }
        var mark = $"{inboundId:N} {detail}";
        if (seen?.StartsWith(inboundId.ToString("N"), StringComparison.Ordinal) == true)
            return; // this DSN was handled already (redelivered)
        if (hard)
        {
            await using var update = new NpgsqlCommand("""
                UPDATE campaigns.recipients SET status = 'bounced', bounced_at = now(), bounce = $2 WHERE id = $1
                """, connection);
            update.Parameters.Add(new() { Value = recipient });
            update.Parameters.Add(new() { Value = mark });
            await update.ExecuteNonQueryAsync(cancellationToken);
            await suppressions.AddAsync(line.Recipient, SuppressionReasons.Bounced, null, detail, cancellationToken);
            progress.Changed(campaign);
            return;
        }
        await using var soft = new NpgsqlCommand("""
            WITH r AS (UPDATE campaigns.recipients SET bounce = $3 WHERE id = $4)
            INSERT INTO campaigns.soft_bounces (email, count, last_status) VALUES ($1, 1, $2)
            ON CONFLICT (email) DO UPDATE SET count = soft_bounces.count + 1, last_status = $2, last_at = now()
            RETURNING count
            """, connection);
        soft.Parameters.Add(new() { Value = line.Recipient });
        soft.Parameters.Add(new() { Value = detail });
        soft.Parameters.Add(new() { Value = mark });
        soft.Parameters.Add(new() { Value = recipient });
        var count = (int)(await soft.ExecuteScalarAsync(cancellationToken))!;
        if (count >= options.Value.SoftBounceLimit)
            await suppressions.AddAsync(line.Recipient, SuppressionReasons.Bounced, null, $"{count} soft bounces, the last {detail}", cancellationToken);
    }
}
