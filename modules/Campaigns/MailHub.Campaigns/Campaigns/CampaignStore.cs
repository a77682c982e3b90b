using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace MailHub.Campaigns.Campaigns;

/// <summary>campaigns.campaigns and campaigns.recipients.</summary>
internal sealed class CampaignStore(NpgsqlDataSource dataSource)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string Columns = "id, name, audience_id, mailbox_ids, subject, html, text, defaults::text, per_minute, send_at, status, created_at, started_at, finished_at, track_opens, track_clicks";

    public async Task CreateAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            INSERT INTO campaigns.campaigns (id, name, audience_id, mailbox_ids, subject, html, text, defaults, per_minute, send_at, track_opens, track_clicks, mailbox_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $4[1])
            """, connection);
        Bind(command, campaign);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Replaces a draft's settings and content; false when it is no longer a draft.</summary>
    public async Task<bool> UpdateDraftAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            UPDATE campaigns.campaigns SET name = $2, audience_id = $3, mailbox_ids = $4, mailbox_id = $4[1], subject = $5, html = $6, text = $7,
                defaults = $8::jsonb, per_minute = $9, send_at = $10, track_opens = $11, track_clicks = $12
            WHERE id = $1 AND status = 'draft'
            """, connection);
        Bind(command, campaign);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static void Bind(NpgsqlCommand command, Campaign campaign)
    {
        command.Parameters.Add(new() { Value = campaign.Id });
        command.Parameters.Add(new() { Value = campaign.Name });
        command.Parameters.Add(new() { Value = campaign.AudienceId });
        command.Parameters.Add(new() { Value = campaign.MailboxIds.ToArray() });
        command.Parameters.Add(new() { Value = campaign.Subject });
        command.Parameters.Add(new() { Value = (object?)campaign.Html ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)campaign.Text ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = JsonSerializer.Serialize(campaign.Defaults, Json) });
        command.Parameters.Add(new() { Value = (object?)campaign.PerMinute ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new() { Value = (object?)campaign.SendAt?.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = campaign.TrackOpens });
        command.Parameters.Add(new() { Value = campaign.TrackClicks });
    }

    public async Task<Campaign?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        (await QueryAsync("WHERE id = $1", id, cancellationToken)).FirstOrDefault();

    public Task<IReadOnlyList<Campaign>> ListAsync(CancellationToken cancellationToken) =>
        QueryAsync("ORDER BY created_at DESC LIMIT 500", null, cancellationToken);

    private async Task<IReadOnlyList<Campaign>> QueryAsync(string where, Guid? id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM campaigns.campaigns {where}", connection);
        if (id is not null)
            command.Parameters.Add(new() { Value = id.Value });
        var list = new List<Campaign>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new Campaign(reader.GetGuid(0), reader.GetString(1), reader.GetGuid(2), reader.GetFieldValue<Guid[]>(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(7), Json) ?? [],
                reader.IsDBNull(8) ? null : reader.GetInt32(8), reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9),
                reader.GetString(10), reader.GetFieldValue<DateTimeOffset>(11),
                reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12), reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13),
                reader.GetBoolean(14), reader.GetBoolean(15)));
        }
        return list;
    }

    public async Task<Dictionary<Guid, CampaignCounts>> CountsAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT campaign_id, count(*),
                   count(*) FILTER (WHERE status IN ('queued', 'sending')), count(*) FILTER (WHERE status = 'sent'),
                   count(*) FILTER (WHERE status = 'failed'), count(unsubscribed_at), count(*) FILTER (WHERE status = 'suppressed'),
                   count(*) FILTER (WHERE status = 'cancelled'), count(*) FILTER (WHERE status = 'bounced'),
                   count(opened_at), count(clicked_at), count(*) FILTER (WHERE status = 'complained')
            FROM campaigns.recipients WHERE campaign_id = ANY($1) GROUP BY campaign_id
            """, connection);
        command.Parameters.Add(new() { Value = ids.ToArray() });
        var counts = ids.ToDictionary(id => id, _ => new CampaignCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetGuid(0)] = new CampaignCounts(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(8),
                reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(9), reader.GetInt64(10), reader.GetInt64(7), reader.GetInt64(11));
        }
        return counts;
    }

    /// <summary>
    /// Starts a draft: its recipients are written now (the audience's members; those on the suppression list or no longer
    /// subscribed, as suppressed with the reason), and it is sending, or scheduled when it has a send time in the future. Null when it is not a draft.
    /// </summary>
    public async Task<string?> StartAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var start = new NpgsqlCommand("""
            UPDATE campaigns.campaigns SET status = CASE WHEN send_at > now() THEN 'scheduled' ELSE 'sending' END, started_at = now()
            WHERE id = $1 AND status = 'draft' RETURNING status, audience_id
            """, connection, transaction);
        start.Parameters.Add(new() { Value = id });
        string status;
        Guid audience;
        await using (var reader = await start.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
                return null;
            status = reader.GetString(0);
            audience = reader.GetGuid(1);
        }
        await using var recipients = new NpgsqlCommand("""
            INSERT INTO campaigns.recipients (id, campaign_id, email, name, fields, status, error)
            SELECT gen_random_uuid(), $1, m.email, m.name, m.fields,
                   CASE WHEN s.email IS NULL AND m.state = 'subscribed' THEN 'queued' ELSE 'suppressed' END,
                   CASE WHEN s.email IS NULL AND m.state = 'subscribed' THEN NULL ELSE coalesce(s.reason, m.state) END
            FROM campaigns.audience_members m LEFT JOIN campaigns.suppressions s ON s.email = m.email
            WHERE m.audience_id = $2
            ORDER BY m.row_number
            """, connection, transaction);
        recipients.Parameters.Add(new() { Value = id });
        recipients.Parameters.Add(new() { Value = audience });
        await recipients.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return status;
    }

    /// <summary>Moves a campaign from one of <paramref name="from"/> to <paramref name="to"/>; the new status, or null when it was in none of them.</summary>
    public async Task<string?> MoveAsync(Guid id, string[] from, string to, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Resuming a campaign whose time has not come makes it scheduled again.
        await using var move = new NpgsqlCommand("""
            UPDATE campaigns.campaigns
            SET status = CASE WHEN $3 = 'sending' AND send_at > now() THEN 'scheduled' ELSE $3 END,
                finished_at = CASE WHEN $3 IN ('cancelled', 'done') THEN now() ELSE finished_at END
            WHERE id = $1 AND status = ANY($2) RETURNING status
            """, connection, transaction);
        move.Parameters.Add(new() { Value = id });
        move.Parameters.Add(new() { Value = from });
        move.Parameters.Add(new() { Value = to });
        var status = (string?)await move.ExecuteScalarAsync(cancellationToken);
        if (status == CampaignStatus.Cancelled)
        {
            await using var cancel = new NpgsqlCommand("UPDATE campaigns.recipients SET status = 'cancelled' WHERE campaign_id = $1 AND status = 'queued'",
                connection, transaction);
            cancel.Parameters.Add(new() { Value = id });
            await cancel.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return status;
    }

    /// <summary>Scheduled campaigns whose time came become sending; answers every campaign being sent.</summary>
    public async Task<IReadOnlyList<Guid>> SendingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var due = new NpgsqlCommand("UPDATE campaigns.campaigns SET status = 'sending' WHERE status = 'scheduled' AND send_at <= now()", connection))
            await due.ExecuteNonQueryAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT id FROM campaigns.campaigns WHERE status = 'sending'", connection);
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            ids.Add(reader.GetGuid(0));
        return ids;
    }

    /// <summary>A sending campaign with no recipient left to send or in the outbox is done; true when it became so now.</summary>
    public async Task<bool> TryCompleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            UPDATE campaigns.campaigns SET status = 'done', finished_at = now()
            WHERE id = $1 AND status = 'sending'
              AND NOT EXISTS (SELECT 1 FROM campaigns.recipients WHERE campaign_id = $1 AND status IN ('queued', 'sending'))
            """, connection);
        command.Parameters.Add(new() { Value = id });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<(IReadOnlyList<CampaignRecipient> Items, long Total)> RecipientsAsync(Guid id, string? status, int limit, int offset,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var filter = status switch
        {
            null => "",
            RecipientStatus.Unsubscribed => "AND unsubscribed_at IS NOT NULL",
            RecipientStatus.Opened => "AND opened_at IS NOT NULL",
            RecipientStatus.Clicked => "AND clicked_at IS NOT NULL",
            "queued" => "AND status IN ('queued', 'sending')",
            _ => "AND status = $4",
        };
        await using var command = new NpgsqlCommand($"""
            SELECT id, email, name, status, message_id, attempts, error, enqueued_at, sent_at, unsubscribed_at, count(*) OVER (),
                   mailbox_id, complained_at, opened_at, clicked_at
            FROM campaigns.recipients WHERE campaign_id = $1 {filter}
            ORDER BY id LIMIT $2 OFFSET $3
            """, connection);
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = limit });
        command.Parameters.Add(new() { Value = offset });
        if (filter.Contains("$4", StringComparison.Ordinal))
            command.Parameters.Add(new() { Value = status! });
        var items = new List<CampaignRecipient>();
        long total = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new CampaignRecipient(reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7), reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
                reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9), reader.IsDBNull(11) ? null : reader.GetGuid(11),
                reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12), reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13),
                reader.IsDBNull(14) ? null : reader.GetFieldValue<DateTimeOffset>(14)));
            total = reader.GetInt64(10);
        }
        return (items, total);
    }

    /// <summary>Audience members for previews and the missing-fields check: one address, or the first <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<Content.MergeRecipient>> MembersAsync(Guid audienceId, string? email, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT email, name, fields::text FROM campaigns.audience_members
            WHERE audience_id = $1 AND ($2::text IS NULL OR email = $2) AND state = 'subscribed'
            ORDER BY row_number LIMIT $3
            """, connection);
        command.Parameters.Add(new() { Value = audienceId });
        command.Parameters.Add(new() { Value = (object?)email?.Trim().ToLowerInvariant() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = limit });
        var list = new List<Content.MergeRecipient>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new Content.MergeRecipient(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1),
                JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(2), Json) ?? []));
        }
        return list;
    }

    /// <summary>A mailbox's pace for campaigns, if an admin set one.</summary>
    public async Task<(int PerMinute, int PerDay)?> PaceAsync(Guid mailboxId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT per_minute, per_day FROM campaigns.mailbox_pace WHERE mailbox_id = $1", connection);
        command.Parameters.Add(new() { Value = mailboxId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt32(0), reader.GetInt32(1)) : null;
    }

    public async Task SetPaceAsync(Guid mailboxId, int perMinute, int perDay, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            INSERT INTO campaigns.mailbox_pace (mailbox_id, per_minute, per_day) VALUES ($1, $2, $3)
            ON CONFLICT (mailbox_id) DO UPDATE SET per_minute = $2, per_day = $3
            """, connection);
        command.Parameters.Add(new() { Value = mailboxId });
        command.Parameters.Add(new() { Value = perMinute });
        command.Parameters.Add(new() { Value = perDay });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Records that the address unsubscribed through the campaign (its count); the suppression itself is the suppression list's.</summary>
    public async Task MarkUnsubscribedAsync(Guid campaignId, string email, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            UPDATE campaigns.recipients SET unsubscribed_at = now() WHERE campaign_id = $1 AND email = $2 AND unsubscribed_at IS NULL
            """, connection);
        command.Parameters.Add(new() { Value = campaignId });
        command.Parameters.Add(new() { Value = email });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Records an open (or a click, which shows the message was opened too, images shown or not): the first time only, so
    /// each recipient counts once. False when there is no such recipient of the campaign.
    /// </summary>
    public async Task<bool> MarkTrackedAsync(Guid campaignId, Guid recipientId, bool click, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            UPDATE campaigns.recipients SET opened_at = coalesce(opened_at, now()){(click ? ", clicked_at = coalesce(clicked_at, now())" : "")}
            WHERE id = $1 AND campaign_id = $2
            """, connection);
        command.Parameters.Add(new() { Value = recipientId });
        command.Parameters.Add(new() { Value = campaignId });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
