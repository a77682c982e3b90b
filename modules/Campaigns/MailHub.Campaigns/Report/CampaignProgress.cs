using System.Collections.Concurrent;
using MailHub.Campaigns.Campaigns;
using MailHub.Core.Live;
using Microsoft.Extensions.Logging;

namespace MailHub.Campaigns.Report;

/// <summary>The "campaign" push: a campaign's id, status and counts, for admins' consoles only (its list and page move live).</summary>
internal sealed record CampaignProgressPush(Guid Id, string Status, CampaignCounts Counts);

/// <summary>
/// Tells admins' consoles that a campaign's counts or status changed, at most once per <see cref="Interval"/> per campaign on
/// this node: the first change is pushed at once, later ones within the interval are folded into one push at its end,
/// which reads the counts as they are then (so the last change is always pushed). Called after the change committed, by
/// the sending loop (a round handed messages over or skipped suppressed ones), the outbox's outcomes, bounces,
/// unsubscribes and the status moves. Best effort: a lost push is made good by the next, and a console re-reads the list
/// when its connection comes back.
/// </summary>
internal sealed partial class CampaignProgress(CampaignStore campaigns, LivePublisher live, TimeProvider time, ILogger<CampaignProgress> logger)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    public const string Event = "campaign";

    private sealed class Slot
    {
        public DateTimeOffset Last = DateTimeOffset.MinValue;
        public bool Pending;
    }

    private readonly ConcurrentDictionary<Guid, Slot> _slots = new();

    public void Changed(Guid campaignId)
    {
        var now = time.GetUtcNow();
        var slot = _slots.GetOrAdd(campaignId, _ => new Slot());
        TimeSpan delay;
        lock (slot)
        {
            if (slot.Pending)
                return; // a push is coming, and it reads the counts after this change
            slot.Pending = true;
            var since = now - slot.Last;
            delay = since >= Interval ? TimeSpan.Zero : Interval - since;
        }
        _ = PushAsync(campaignId, slot, delay);
        if (_slots.Count > 1000)
            Forget(now);
    }

    private async Task PushAsync(Guid campaignId, Slot slot, TimeSpan delay)
    {
        try
        {
            if (delay > TimeSpan.Zero)
                await Task.Delay(delay, time);
            else
                await Task.Yield(); // off the caller's path (an event handler, the sending loop)
            lock (slot)
            {
                // From here a change marks the slot pending again, and its push reads after this one.
                slot.Pending = false;
                slot.Last = time.GetUtcNow();
            }
            if (await campaigns.FindAsync(campaignId, CancellationToken.None) is not { } campaign)
                return;
            var counts = await campaigns.CountsAsync([campaignId], CancellationToken.None);
            live.Publish(LivePush.Of(Event, new CampaignProgressPush(campaignId, campaign.Status, counts[campaignId]), role: Core.Accounts.Roles.Admin));
        }
        catch (Exception e)
        {
            LogPushFailed(e, campaignId);
        }
    }

    // Campaigns not heard of for a minute: their slots go (a new change starts a fresh one).
    private void Forget(DateTimeOffset now)
    {
        foreach (var (id, slot) in _slots)
        {
            lock (slot)
            {
                if (!slot.Pending && now - slot.Last > TimeSpan.FromMinutes(1))
                    _slots.TryRemove(id, out _);
            }
        }
    }

    [LoggerMessage(LogLevel.Debug, "Campaign {Campaign}: its progress push failed; the next change pushes again")]
    private partial void LogPushFailed(Exception exception, Guid campaign);
}
