using Marten;

namespace MailHub.Core.EventSourcing;

/// <summary>
/// How the async daemon delivers events to subscriptions: never past an event that may still commit,
/// never past one a handler failed on.
/// </summary>
internal static class SubscriptionDelivery
{
    public static void Configure(StoreOptions options)
    {
        // Event sequence numbers are drawn before commit, so a slow transaction leaves a hole that later
        // commits fill. The daemon's high water mark stops under a hole; it skips one only when no
        // transaction that could still fill it is alive (pg_locks, pg_stat_activity, the snapshot's
        // in-progress ids): a rolled-back append's numbers, never a late commit's. Both settings are the
        // defaults, spelled out because the skip-anyway cap would lose a late-committed event.
        options.Projections.UseTransactionEvidenceForGapSkipping = true;
        options.Projections.SkipStaleGapsDespiteLiveTransactionsAfter = null;

        // A handler that throws stops its subscription at that event (the daemon pauses and restarts
        // the shard) rather than moving on without it.
        options.Projections.Errors.SkipApplyErrors = false;
        options.Projections.Errors.SkipSerializationErrors = false;
        options.Projections.Errors.SkipUnknownEvents = false;
    }
}
