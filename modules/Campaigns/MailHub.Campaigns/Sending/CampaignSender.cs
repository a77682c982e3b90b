using System.Text.Json;
using MailHub.Campaigns.Campaigns;
using MailHub.Campaigns.Content;
using MailHub.Campaigns.Suppressions;
using MailHub.Campaigns.Tracking;
using MailHub.Campaigns.Unsubscribe;
using MailHub.Channels.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MailHub.Campaigns.Sending;

/// <summary>
/// A campaign's loop: takes a batch of queued recipients (FOR UPDATE SKIP LOCKED), skips the suppressed, asks the
/// mailbox's pace grain how many may go, and for those composes the message and puts it in the Channels outbox in the
/// same transaction that marks the recipient 'sending' with its Message-ID. A crash before that commit leaves them queued
/// (nothing was handed over); after it, the outbox sends each once with that Message-ID (docs/ARCHITECTURE.md, Campaigns).
/// </summary>
internal sealed class CampaignSender(
    NpgsqlDataSource dataSource,
    CampaignStore campaigns,
    IOutbox outbox,
    IMailboxDirectory mailboxes,
    IGrainFactory grains,
    UnsubscribeTokens tokens,
    PublicUrl publicUrl,
    PacePresets presets,
    TrackingTokens tracking,
    IOptions<CampaignsOptions> options,
    TimeProvider time,
    ILogger<CampaignSender> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task RunAsync(Guid campaignId, SemaphoreSlim wake, CancellationToken cancellationToken)
    {
        var sentThisMinute = new Queue<(DateTimeOffset At, int Count)>();
        var rotation = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var campaign = await campaigns.FindAsync(campaignId, cancellationToken);
                if (campaign is not { Status: CampaignStatus.Sending })
                    return;
                var senders = await SendersAsync(campaign, cancellationToken);
                if (senders.Count == 0)
                {
                    logger.LogWarning("Campaign {Campaign} is paused: its mailboxes {Mailboxes} were deleted", campaignId, campaign.MailboxIds);
                    await campaigns.MoveAsync(campaignId, [CampaignStatus.Sending], CampaignStatus.Paused, cancellationToken);
                    return;
                }

                // The campaign's own per-minute cap, on top of the mailbox's.
                var now = time.GetUtcNow();
                while (sentThisMinute.Count > 0 && now - sentThisMinute.Peek().At >= TimeSpan.FromMinutes(1))
                    sentThisMinute.Dequeue();
                var budget = campaign.PerMinute is { } perMinute ? perMinute - sentThisMinute.Sum(s => s.Count) : int.MaxValue;
                if (budget <= 0)
                {
                    await wake.WaitAsync(sentThisMinute.Peek().At.AddMinutes(1) - now, cancellationToken);
                    continue;
                }

                var round = await SendBatchAsync(campaign, senders, rotation++, Math.Min(budget, options.Value.BatchSize), cancellationToken);
                if (round.Handed > 0)
                    sentThisMinute.Enqueue((time.GetUtcNow(), round.Handed));
                if (round.Empty)
                {
                    await campaigns.TryCompleteAsync(campaignId, cancellationToken);
                    return;
                }
                if (round.Wait > TimeSpan.Zero)
                    await wake.WaitAsync(round.Wait < TimeSpan.FromSeconds(30) ? round.Wait : TimeSpan.FromSeconds(30), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // The supervisor's next ping starts the loop again.
            logger.LogWarning(e, "Sending campaign {Campaign} stopped; it resumes at the next scan", campaignId);
        }
    }

    private sealed record Round(int Handed, bool Empty, TimeSpan Wait);

    private sealed record Row(Guid Id, string Email, string? Name, Dictionary<string, string> Fields);

    /// <summary>A mailbox the campaign rotates over, with its pace (its own, else its provider's preset).</summary>
    private sealed record Sender(MailboxInfo Mailbox, PaceLimits Limits);

    /// <summary>The campaign's mailboxes that still exist, in its order.</summary>
    private async Task<IReadOnlyList<Sender>> SendersAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        var senders = new List<Sender>(campaign.MailboxIds.Count);
        foreach (var id in campaign.MailboxIds)
        {
            if (await mailboxes.FindAsync(id, cancellationToken) is not { } mailbox)
                continue;
            var pace = await presets.ForAsync(id, mailbox, cancellationToken);
            senders.Add(new Sender(mailbox, new PaceLimits(pace.PerMinute, pace.PerDay, options.Value.ReplyShare)));
        }
        return senders;
    }

    /// <summary>
    /// Rotation: the round's recipients go through the mailboxes in turn, starting with a different one each round, each
    /// taking what its pace grain grants; so a campaign on several mailboxes goes at the sum of their paces, and with paces
    /// to spare each round (batch) goes through one mailbox, the next round through the next.
    /// </summary>
    private async Task<(List<(Sender Sender, int Count)> Grants, TimeSpan RetryAfter)> TakeAsync(IReadOnlyList<Sender> senders, int rotation, int wanted)
    {
        var grants = new List<(Sender, int)>();
        var retry = TimeSpan.MaxValue;
        for (var i = 0; i < senders.Count && wanted > 0; i++)
        {
            var sender = senders[(rotation + i) % senders.Count];
            var grant = await grains.GetGrain<IMailboxPaceGrain>(sender.Mailbox.Id).TakeAsync(wanted, sender.Limits);
            if (grant.Granted > 0)
                grants.Add((sender, grant.Granted));
            wanted -= grant.Granted;
            if (grant.Granted == 0 || wanted > 0)
                retry = grant.RetryAfter < retry ? grant.RetryAfter : retry;
        }
        return (grants, retry == TimeSpan.MaxValue ? TimeSpan.Zero : retry);
    }

    private async Task<Round> SendBatchAsync(Campaign campaign, IReadOnlyList<Sender> senders, int rotation, int size, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // A pause or cancel waits for this batch (it updates the row this shares), then the next round sees it.
        await using (var status = new NpgsqlCommand("SELECT status FROM campaigns.campaigns WHERE id = $1 FOR SHARE", connection, transaction))
        {
            status.Parameters.Add(new() { Value = campaign.Id });
            if ((string?)await status.ExecuteScalarAsync(cancellationToken) != CampaignStatus.Sending)
                return new Round(0, false, TimeSpan.Zero);
        }

        var rows = new List<Row>(size);
        await using (var claim = new NpgsqlCommand("""
            SELECT id, email, name, fields::text FROM campaigns.recipients
            WHERE campaign_id = $1 AND status = 'queued' ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED
            """, connection, transaction))
        {
            claim.Parameters.Add(new() { Value = campaign.Id });
            claim.Parameters.Add(new() { Value = size });
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(new Row(reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                    JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(3), Json) ?? []));
            }
        }
        if (rows.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return new Round(0, true, TimeSpan.Zero);
        }

        // The suppression list as it is now: an address unsubscribed since the campaign started is skipped.
        var suppressed = await SuppressionStore.LookupAsync(connection, transaction, rows.Select(r => r.Email), cancellationToken);
        if (suppressed.Count > 0)
        {
            var skipped = rows.Where(r => suppressed.ContainsKey(r.Email)).ToList();
            await using var skip = new NpgsqlCommand("""
                UPDATE campaigns.recipients r SET status = 'suppressed', error = u.reason
                FROM unnest($1::uuid[], $2::text[]) AS u(id, reason) WHERE r.id = u.id
                """, connection, transaction);
            skip.Parameters.Add(new() { Value = skipped.Select(r => r.Id).ToArray() });
            skip.Parameters.Add(new() { Value = skipped.Select(r => suppressed[r.Email]).ToArray() });
            await skip.ExecuteNonQueryAsync(cancellationToken);
            rows = rows.Where(r => !suppressed.ContainsKey(r.Email)).ToList();
        }
        if (rows.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return new Round(0, false, TimeSpan.Zero);
        }

        var (grants, retryAfter) = await TakeAsync(senders, rotation, rows.Count);
        var granted = grants.Sum(g => g.Count);
        var content = CampaignContent.Of(campaign.Subject, campaign.Html, campaign.Text, campaign.Defaults);
        var baseUrl = publicUrl.Base;
        var handed = rows.Take(granted).ToList();
        var ids = new Guid[handed.Count];
        var messageIds = new string[handed.Count];
        var mailboxIds = new Guid[handed.Count];
        var through = grants.SelectMany(g => Enumerable.Repeat(g.Sender.Mailbox, g.Count)).ToList();
        var messages = new OutboundMessage[handed.Count];
        for (var i = 0; i < handed.Count; i++)
        {
            var row = handed[i];
            var mailbox = through[i];
            var recipient = new MergeRecipient(row.Email, row.Name, row.Fields);
            var token = tokens.Create(campaign.Id, row.Email);
            var unsubscribe = $"{baseUrl}/api/campaigns/unsubscribe?t={token}";
            var rendered = CampaignMail.Render(content, CampaignMail.Values(recipient, campaign.Defaults, unsubscribe));
            if ((campaign.TrackOpens || campaign.TrackClicks) && rendered.Html is not null)
            {
                rendered = rendered with { Html = await TrackedLinks.ApplyAsync(rendered.Html, tracking, baseUrl, campaign.Id, row.Id, campaign.TrackOpens,
                    campaign.TrackClicks, unsubscribe, cancellationToken) };
            }
            var messageId = CampaignMail.MessageId(campaign.Id, row.Id, mailbox.Address);
            var mailto = CampaignMail.UnsubscribeMailto(options.Value.UnsubscribeAddress is { Length: > 0 } to ? to : mailbox.Address, token);
            var message = CampaignMail.Compose(rendered, content, mailbox.Address, mailbox.DisplayName, recipient, messageId, unsubscribe, campaign.Id,
                mailto);
            var bytes = CampaignMail.ToBytes(message);
            ids[i] = row.Id;
            messageIds[i] = messageId;
            mailboxIds[i] = mailbox.Id;
            // Bulk: the outbox sends agents' replies of the mailbox first, and keeps one of its sessions for them.
            messages[i] = new OutboundMessage(mailbox.Id, messageId, mailbox.Address, [row.Email], bytes, CampaignMail.Correlation(campaign.Id, row.Id),
                Bulk: true);
        }
        if (handed.Count > 0)
        {
            // The whole batch in one statement (the outbox is idempotent on mailbox and Message-ID, as one by one).
            var outboundIds = (await outbox.EnqueueAsync(transaction, messages, cancellationToken)).ToArray();
            await using var mark = new NpgsqlCommand("""
                UPDATE campaigns.recipients r SET status = 'sending', message_id = u.message_id, outbound_id = u.outbound_id, enqueued_at = now(),
                    mailbox_id = u.mailbox_id
                FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[]) AS u(id, message_id, outbound_id, mailbox_id) WHERE r.id = u.id
                """, connection, transaction);
            mark.Parameters.Add(new() { Value = ids });
            mark.Parameters.Add(new() { Value = messageIds });
            mark.Parameters.Add(new() { Value = outboundIds });
            mark.Parameters.Add(new() { Value = mailboxIds });
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return new Round(handed.Count, false, granted < rows.Count ? retryAfter : TimeSpan.Zero);
    }
}
