using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using JasperFx.Events;
using MailHub.Campaigns.Contracts;
using MailHub.Campaigns.Content;
using MailHub.Campaigns.Suppressions;
using MailHub.Campaigns.Unsubscribe;
using MailHub.Channels.Contracts;
using MailHub.Core.EventSourcing;
using Microsoft.Extensions.Logging;
using MimeKit;
using Npgsql;

namespace MailHub.Campaigns.Sending;

/// <summary>A feedback report read (RFC 5965): its type, the original Message-ID, and whom it was sent to if the report says.</summary>
internal sealed record Complaint(string FeedbackType, string? OriginalMessageId, string? OriginalRecipient, Guid? CampaignId)
{
    /// <summary>
    /// Reads an ARF report: multipart/report; report-type=feedback-report (RFC 5965 §2), whose second part is
    /// message/feedback-report (§3: Feedback-Type, §3.2; Original-Rcpt-To, §3.3) and third the original message or its
    /// headers (message/rfc822 or text/rfc822-headers, §2 (d)), which give the Message-ID and our X-MailHub-Campaign.
    /// Null when the message is not one.
    /// </summary>
    public static Complaint? Read(MimeMessage message)
    {
        var report = message.Body as MultipartReport ?? message.BodyParts.OfType<MultipartReport>().FirstOrDefault();
        if (report is null || !string.Equals(report.ReportType, "feedback-report", StringComparison.OrdinalIgnoreCase))
            return null;
        var fields = report.OfType<MessageFeedbackReport>().FirstOrDefault()?.Fields;
        var original = report.OfType<MessagePart>().FirstOrDefault()?.Message;
        var rcpt = fields?["Original-Rcpt-To"]?.Trim().Trim('<', '>');
        var campaign = original?.Headers["X-MailHub-Campaign"]?.Trim();
        return new Complaint((fields?["Feedback-Type"] ?? "abuse").Trim().ToLowerInvariant(), original?.MessageId,
            string.IsNullOrEmpty(rcpt) ? null : rcpt.ToLowerInvariant(), Guid.TryParseExact(campaign ?? "", "N", out var id) ? id : null);
    }
}

/// <summary>
/// Mail that answers a campaign, arriving on any mailbox (its sync) or the SMTP listener (both append
/// <see cref="MessageReceived"/>):
/// <list type="bullet">
/// <item>the List-Unsubscribe mailto (RFC 2369 §3.2): a message whose subject is "unsubscribe {token}" unsubscribes the
/// token's address at once, as the one-click POST does; one whose subject is only "unsubscribe" (or 退订) unsubscribes its
/// sender when a campaign was sent to that address through the mailbox it arrived on;</item>
/// <item>complaints: an ARF feedback report (RFC 5965) on a mailbox campaigns send through, matched to the recipient by the
/// original Message-ID (ours name campaign and recipient) → the recipient 'complained', the address suppressed
/// (complained).</item>
/// </list>
/// Only messages on a mailbox that sent a campaign are opened (their headers first); idempotent on redelivery.
/// </summary>
internal sealed partial class FeedbackHandler(IInboundMessages inbound, NpgsqlDataSource dataSource, SuppressionStore suppressions,
    Unsubscribing unsubscribing, ILogger<FeedbackHandler> logger) : IEventHandler
{
    public const string SubscriptionName = "campaigns.feedback";

    public static readonly Type[] HandledTypes = [typeof(MessageReceived)];

    private static readonly ConcurrentDictionary<Guid, (bool Sends, DateTimeOffset Until)> SendingMailboxes = new();

    public async Task HandleAsync(IEvent recorded, CancellationToken cancellationToken)
    {
        if (recorded.Data is not MessageReceived received)
            return;
        if (UnsubscribeSubject().Match(received.Subject ?? "") is { Success: true } unsubscribe)
        {
            await UnsubscribeAsync(received, unsubscribe.Groups["token"].Value, cancellationToken);
            return;
        }
        if (received.MailboxId is not { } mailbox || !await SendsCampaignsAsync(mailbox, cancellationToken))
            return;
        await using (var head = await inbound.OpenRawAsync(received.InboundMessageId, cancellationToken))
        {
            if (head is null)
                return;
            ContentType? type;
            try
            {
                var headers = await HeaderList.LoadAsync(ParserOptions.Default, head, cancellationToken);
                type = ContentType.TryParse(headers[HeaderId.ContentType] ?? "", out var parsed) ? parsed : null;
            }
            catch (FormatException)
            {
                return;
            }
            if (type is null || !type.IsMimeType("multipart", "report")
                || !string.Equals(type.Parameters["report-type"], "feedback-report", StringComparison.OrdinalIgnoreCase))
                return;
        }
        await using var raw = await inbound.OpenRawAsync(received.InboundMessageId, cancellationToken);
        if (raw is null)
            return;
        Complaint? complaint;
        try
        {
            complaint = Complaint.Read(await MimeMessage.LoadAsync(raw, cancellationToken));
        }
        catch (FormatException e)
        {
            logger.LogDebug(e, "Inbound {Inbound} is not a readable feedback report", received.InboundMessageId);
            return;
        }
        if (complaint is not null)
            await ComplainAsync(complaint, received.InboundMessageId, cancellationToken);
    }

    /// <summary>RFC 2369's mailto with our subject: "unsubscribe" and the signed token (a reply's "Re:" allowed), or 退订.</summary>
    [GeneratedRegex(@"^\s*(?:(?:re|aw|回复|答复)\s*[:：]\s*)*(?:unsubscribe|退订)(?:\s+(?<token>[A-Za-z0-9_\-]{20,2000}))?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex UnsubscribeSubject();

    private async Task UnsubscribeAsync(MessageReceived received, string token, CancellationToken cancellationToken)
    {
        if (token.Length > 0)
        {
            if (await unsubscribing.UnsubscribeAsync(token, cancellationToken) is { } email)
                logger.LogInformation("{Email} unsubscribed by mail (inbound {Inbound})", email, received.InboundMessageId);
            return;
        }
        // No token (a client that dropped the subject's rest, or a person writing "unsubscribe"): its sender, if a campaign
        // went to that address through the mailbox it arrived on.
        if (received.MailboxId is not { } mailbox || AudienceImportAddress(received.MailFrom) is not { } sender)
            return;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var find = new NpgsqlCommand("""
            SELECT r.campaign_id FROM campaigns.recipients r JOIN campaigns.campaigns c ON c.id = r.campaign_id
            WHERE r.email = $1 AND coalesce(r.mailbox_id, c.mailbox_id) = $2 AND r.enqueued_at IS NOT NULL
            ORDER BY r.enqueued_at DESC LIMIT 1
            """, connection);
        find.Parameters.Add(new() { Value = sender });
        find.Parameters.Add(new() { Value = mailbox });
        if (await find.ExecuteScalarAsync(cancellationToken) is Guid campaign)
            await unsubscribing.UnsubscribeAsync(campaign, sender, cancellationToken);
    }

    private static string? AudienceImportAddress(string mailFrom) => Audiences.AudienceImport.Normalize(mailFrom.Trim().Trim('<', '>'));

    private async Task<bool> SendsCampaignsAsync(Guid mailbox, CancellationToken cancellationToken)
    {
        if (SendingMailboxes.TryGetValue(mailbox, out var known) && known.Until > DateTimeOffset.UtcNow)
            return known.Sends;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM campaigns.campaigns WHERE $1 = ANY(mailbox_ids) AND status <> 'draft')", connection);
        command.Parameters.Add(new() { Value = mailbox });
        var sends = (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
        SendingMailboxes[mailbox] = (sends, DateTimeOffset.UtcNow.AddSeconds(sends ? 300 : 10));
        return sends;
    }

    private async Task ComplainAsync(Complaint complaint, Guid inboundId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Ours name the recipient (campaign.{campaign}.{recipient}@domain); else the Message-ID as stored, else the report's recipient.
        var ids = CampaignMail.ParseMessageId(complaint.OriginalMessageId);
        await using var update = new NpgsqlCommand("""
            UPDATE campaigns.recipients SET status = CASE WHEN status IN ('sent', 'sending') THEN 'complained' ELSE status END,
                complained_at = now(), complaint = $4
            WHERE id = (SELECT id FROM campaigns.recipients
                        WHERE ($1::uuid IS NOT NULL AND id = $1) OR ($2::text IS NOT NULL AND message_id = $2)
                           OR ($3::text IS NOT NULL AND $5::uuid IS NOT NULL AND campaign_id = $5 AND email = $3)
                        LIMIT 1)
              AND complained_at IS NULL
            RETURNING email, campaign_id
            """, connection);
        update.Parameters.Add(new() { Value = (object?)ids?.RecipientId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        update.Parameters.Add(new() { Value = (object?)complaint.OriginalMessageId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        update.Parameters.Add(new() { Value = (object?)complaint.OriginalRecipient ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        update.Parameters.Add(new() { Value = $"{inboundId:N} {complaint.FeedbackType}" });
        update.Parameters.Add(new() { Value = (object?)(ids?.CampaignId ?? complaint.CampaignId) ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        string email;
        Guid campaign;
        await using (var reader = await update.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
                return; // not ours, or recorded already
            email = reader.GetString(0);
            campaign = reader.GetGuid(1);
        }
        await suppressions.AddAsync(email, SuppressionReasons.Complained, campaign, $"ARF {complaint.FeedbackType} report", cancellationToken);
        logger.LogInformation("{Email} complained about campaign {Campaign} ({Type})", email, campaign, complaint.FeedbackType);
    }
}
