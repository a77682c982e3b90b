using JasperFx.Events;
using MailHub.Campaigns.Content;
using MailHub.Channels.Contracts;
using MailHub.Core.EventSourcing;
using Npgsql;
using NpgsqlTypes;

namespace MailHub.Campaigns.Sending;

/// <summary>
/// The outbox's outcomes for campaign messages (correlation <c>campaign:{campaign}:{recipient}</c>): delivered → sent,
/// a final failure (5xx, or retries ran out) → failed with the server's words, a temporary one (4xx: the outbox retries
/// with backoff) → the attempt and its reason counted. A page of events is two statements: the recipients' changes (one
/// row per recipient, its events folded in order), then, for the campaigns whose recipients settled, done when none is
/// left queued or sending. At least once and idempotent: only a recipient still 'sending' changes, and a page is one
/// transaction.
/// </summary>
internal sealed class OutcomeHandler(NpgsqlDataSource dataSource, Report.CampaignProgress progress) : IEventPageHandler
{
    public const string SubscriptionName = "campaigns.outcomes";

    public static readonly Type[] HandledTypes = [typeof(OutboundDelivered), typeof(OutboundFailed)];

    public Task HandleAsync(IEvent recorded, CancellationToken cancellationToken) => HandlePageAsync([recorded], cancellationToken);

    private sealed class Change(Guid campaignId)
    {
        public Guid CampaignId { get; } = campaignId;
        public string Status { get; set; } = "sending";
        public string? Error { get; set; }
        public int Attempts { get; set; }
        public DateTimeOffset? SentAt { get; set; }

        public DateTimeOffset? FailedAt { get; set; }
    }

    public async Task HandlePageAsync(IReadOnlyList<IEvent> page, CancellationToken cancellationToken)
    {
        // Each recipient's events in order: the attempts counted, the last one's status and words kept.
        var changes = new Dictionary<Guid, Change>();
        foreach (var recorded in page)
        {
            var (correlation, status, error, at) = recorded.Data switch
            {
                OutboundDelivered d => (d.CorrelationId, "sent", (string?)null, d.At),
                OutboundFailed { Permanent: true } f => (f.CorrelationId, "failed", $"{f.Status} {f.Detail}".Trim(), f.At),
                OutboundFailed f => (f.CorrelationId, "sending", $"{f.Status} {f.Detail}".Trim(), f.At),
                _ => (null, "", null, default),
            };
            if (CampaignMail.ParseCorrelation(correlation) is not { } ids)
                continue;
            if (!changes.TryGetValue(ids.RecipientId, out var change))
                changes[ids.RecipientId] = change = new Change(ids.CampaignId);
            if (change.Status != "sending")
                continue; // settled already in this page: a later event for it changes nothing, as one by one
            change.Status = status;
            change.Error = error;
            change.Attempts++;
            if (status == "sent")
                change.SentAt = at;
            else if (status == "failed")
                change.FailedAt = at;
        }
        if (changes.Count == 0)
            return;

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var update = new NpgsqlCommand("""
            UPDATE campaigns.recipients r SET status = u.status, error = u.error, attempts = r.attempts + u.attempts,
                sent_at = coalesce(u.sent_at, r.sent_at), failed_at = coalesce(u.failed_at, r.failed_at)
            FROM unnest($1::uuid[], $2::text[], $3::text[], $4::integer[], $5::timestamptz[], $6::timestamptz[]) AS u(id, status, error, attempts, sent_at, failed_at)
            WHERE r.id = u.id AND r.status = 'sending'
            """, connection, transaction))
        {
            update.Parameters.Add(new() { Value = changes.Keys.ToArray() });
            update.Parameters.Add(new() { Value = changes.Values.Select(c => c.Status).ToArray() });
            update.Parameters.Add(new() { Value = changes.Values.Select(c => c.Error).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            update.Parameters.Add(new() { Value = changes.Values.Select(c => c.Attempts).ToArray() });
            update.Parameters.Add(new() { Value = changes.Values.Select(c => c.SentAt).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            update.Parameters.Add(new() { Value = changes.Values.Select(c => c.FailedAt).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        var settled = changes.Values.Where(c => c.Status != "sending").Select(c => c.CampaignId).Distinct().ToArray();
        if (settled.Length > 0)
        {
            // Once per campaign and page (not per recipient): the index on (campaign, status) finds a row still queued or
            // sending at once, and only when none is left does the campaign end.
            await using var done = new NpgsqlCommand("""
                UPDATE campaigns.campaigns c SET status = 'done', finished_at = now()
                WHERE c.id = ANY($1) AND c.status = 'sending'
                  AND NOT EXISTS (SELECT 1 FROM campaigns.recipients x WHERE x.campaign_id = c.id AND x.status IN ('queued', 'sending'))
                """, connection, transaction);
            done.Parameters.Add(new() { Value = settled });
            await done.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        foreach (var campaignId in changes.Values.Select(c => c.CampaignId).Distinct())
            progress.Changed(campaignId);
    }
}
