using Npgsql;

namespace MailHub.Campaigns.Report;

/// <summary>One bucket of the report: what happened to the campaign's recipients from <c>at</c> until the next bucket.</summary>
internal sealed record ReportPoint(DateTimeOffset At, long Sent, long Failed, long Bounced, long Unsubscribed, long Opened, long Clicked, long Complained);

/// <summary>The report's series, from the recipients' timestamps (campaigns.recipients).</summary>
internal sealed class ReportStore(NpgsqlDataSource dataSource)
{
    /// <summary>At most this many buckets are filled in between the first and the last (empty ones as zeros); a longer span stays sparse.</summary>
    public const int MaxFilled = 1500;

    /// <summary>
    /// Each recipient row gives up to seven events (sent_at, failed_at, bounced_at, unsubscribed_at, opened_at, clicked_at,
    /// complained_at), counted in the bucket (date_trunc in <paramref name="timeZone"/>) they fell in. A recipient that
    /// bounced was sent first: it counts in both; a click counts as an open too (the tracking sets both).
    /// </summary>
    public async Task<IReadOnlyList<ReportPoint>> SeriesAsync(Guid campaignId, string bucket, string timeZone, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT date_trunc($2, e.at, $3) AS bucket,
                   count(*) FILTER (WHERE e.kind = 0), count(*) FILTER (WHERE e.kind = 1),
                   count(*) FILTER (WHERE e.kind = 2), count(*) FILTER (WHERE e.kind = 3),
                   count(*) FILTER (WHERE e.kind = 4), count(*) FILTER (WHERE e.kind = 5), count(*) FILTER (WHERE e.kind = 6)
            FROM campaigns.recipients r
            CROSS JOIN LATERAL (VALUES (0, r.sent_at), (1, CASE WHEN r.status = 'failed' THEN coalesce(r.failed_at, r.enqueued_at) END),
                                       (2, r.bounced_at), (3, r.unsubscribed_at), (4, r.opened_at), (5, r.clicked_at),
                                       (6, r.complained_at)) AS e(kind, at)
            WHERE r.campaign_id = $1 AND e.at IS NOT NULL
            GROUP BY 1 ORDER BY 1
            """, connection);
        command.Parameters.Add(new() { Value = campaignId });
        command.Parameters.Add(new() { Value = bucket });
        command.Parameters.Add(new() { Value = timeZone });
        var points = new List<ReportPoint>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                points.Add(new ReportPoint(reader.GetFieldValue<DateTimeOffset>(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
                    reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7)));
        }
        return Fill(points, bucket, timeZone);
    }

    /// <summary>The empty buckets between the first and the last, as zeros, so a chart's time axis is even.</summary>
    private static List<ReportPoint> Fill(List<ReportPoint> points, string bucket, string timeZone)
    {
        if (points.Count < 2)
            return points;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        DateTimeOffset Next(DateTimeOffset at)
        {
            if (bucket == "minute")
                return at.AddMinutes(1);
            if (bucket == "hour")
                return at.AddHours(1);
            // The next local midnight (a day may be 23 or 25 hours long), as an instant.
            var midnight = TimeZoneInfo.ConvertTime(at, zone).DateTime.Date.AddDays(1);
            return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight));
        }
        var filled = new List<ReportPoint>(points.Count);
        var at = points[0].At;
        foreach (var point in points)
        {
            while (at < point.At && filled.Count < MaxFilled)
            {
                filled.Add(new ReportPoint(at, 0, 0, 0, 0, 0, 0, 0));
                at = Next(at);
            }
            filled.Add(point);
            at = Next(point.At);
        }
        return filled;
    }
}
