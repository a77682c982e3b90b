using JasperFx.Events;
using MailHub.Campaigns.Content;
using MailHub.Channels.Contracts;
using MailHub.Core.EventSourcing;
using Npgsql;

namespace MailHub.Campaigns.Sending;

/// <summary>
/// The outbox's outcomes for campaign messages (correlation <c>campaign:{campaign}:{recipient}</c>): delivered → sent,
/// a final failure (5xx, or retries ran out) → failed with the server's words, a temporary one (4xx: the outbox retries
/// with backoff) → the attempt and its reason counted. The last outcome of a sending campaign makes it done. At least
/// once and idempotent: only a recipient still 'sending' changes.
/// </summary>
internal sealed class OutcomeHandler(NpgsqlDataSource dataSource, Report.CampaignProgress progress) : IEventHandler
{
    public const string SubscriptionName = "campaigns.outcomes";

    public static readonly Type[] HandledTypes = [typeof(OutboundDelivered), typeof(OutboundFailed)];

    public async Task HandleAsync(IEvent recorded, CancellationToken cancellationToken)
    {
        var (correlation, status, error, at) = recorded.Data switch
        {
            OutboundDelivered d => (d.CorrelationId, "sent", (string?)null, d.At),
            OutboundFailed { Permanent: true } f => (f.CorrelationId, "failed", $"{f.Status} {f.Detail}".Trim(), f.At),
            OutboundFailed f => (f.CorrelationId, "sending", $"{f.Status} {f.Detail}".Trim(), f.At),
            _ => (null, "", null, default),
        };
        if (CampaignMail.ParseCorrelation(correlation) is not { } ids)
            return;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // The NOT EXISTS sees the rows as they were before this statement's update: hence "other than this one".
        await using var command = new NpgsqlCommand("""
            WITH r AS (
                UPDATE campaigns.recipients SET status = $2, error = $3, attempts = attempts + 1,
                    sent_at = CASE WHEN $2 = 'sent' THEN $4 ELSE sent_at END, failed_at = CASE WHEN $2 = 'failed' THEN $4 ELSE failed_at END
                WHERE id = $1 AND status = 'sending' RETURNING campaign_id)
            UPDATE campaigns.campaigns c SET status = 'done', finished_at = now()
            FROM r WHERE $2 <> 'sending' AND c.id = r.campaign_id AND c.status = 'sending'
              AND NOT EXISTS (SELECT 1 FROM campaigns.recipients x WHERE x.campaign_id = c.id AND x.status IN ('queued', 'sending') AND x.id <> $1)
            """, connection);
        command.Parameters.Add(new() { Value = ids.RecipientId });
        command.Parameters.Add(new() { Value = status });
        command.Parameters.Add(new() { Value = (object?)error ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = at });
        await command.ExecuteNonQueryAsync(cancellationToken);
        progress.Changed(ids.CampaignId);
    }
}
