using JasperFx;
using Marten;
using Marten.Events;
using Marten.Events.Daemon.HighWater;
using Npgsql;
using NpgsqlTypes;

namespace MailHub.Core.EventSourcing;

/// <summary>
/// Starts many new streams of one event each as statements the caller adds to its own
/// <see cref="NpgsqlBatch"/>, in its transaction: the streams, the events (array parameters, unnest),
/// and now and then the daemon's wake-up. For a writer that starts hundreds of streams per transaction
/// (the SMTP listener's group commit), where a Marten session sends an INSERT per stream and per event.
/// </summary>
/// <remarks>
/// The rows are the ones <c>session.Events.StartStream(id, event)</c> writes in Quick mode: the stream
/// at version 1 with no aggregate type, the event at version 1 with its mapped type name, .NET type and
/// the store's serializer's body, numbered by Marten's sequence when inserted, so the daemon's gap rules
/// (numbers drawn before commit) hold as they do for Marten's own appends. A stream that exists already
/// fails the batch with a unique violation (<see cref="StreamConflicts.IsLostRace"/>).
/// The NOTIFY that wakes the daemon (Marten sends one per session) goes with at most one batch per
/// <see cref="WakeInterval"/>: every NOTIFY runs a high water detection and a page read per
/// subscription, so a listener committing dozens of batches a second kept the daemon detecting back to
/// back. A batch without one is found by the daemon's own polling (250 ms while events keep coming, 1 s
/// once it has caught up); the first batch after a quiet spell still wakes it at once.
/// Marten's bulk insert (<c>BulkInsertEventsAsync</c>) cannot do this: it opens its own transaction and
/// moves the high water mark past whatever it wrote, over other writers' uncommitted events.
/// </remarks>
public sealed class StreamStarts(IDocumentStore store)
{
    /// <summary>Marten's own fast polling interval (<c>DaemonSettings.FastPollingTime</c>).</summary>
    public static readonly TimeSpan WakeInterval = TimeSpan.FromMilliseconds(250);

    private readonly string _schema = store.Options.Events.DatabaseSchemaName;
    private long _lastWake = long.MinValue / 2;

    /// <summary>The statements that start each stream of <paramref name="starts"/> with its event, in that order.</summary>
    public IEnumerable<NpgsqlBatchCommand> Commands<TEvent>(IReadOnlyList<(string Stream, TEvent Event)> starts)
        where TEvent : class
    {
        if (starts.Count == 0)
            yield break;
        var options = (StoreOptions)store.Options;
        var events = (EventGraph)options.Events;
        var mapping = events.EventMappingFor(typeof(TEvent));
        var serializer = options.Serializer();
        var streams = starts.Select(s => s.Stream).ToArray();

        yield return new NpgsqlBatchCommand($"""
            INSERT INTO {_schema}.mt_streams (id, type, version, tenant_id)
            SELECT s.id, NULL, 1, $2 FROM unnest($1::varchar[]) AS s(id)
            """)
        {
            Parameters = { new() { Value = streams }, new() { Value = StorageConstants.DefaultTenantId } },
        };

        // ORDER BY the ordinality: PostgreSQL evaluates nextval after the sort, so the events are numbered
        // in the order given.
        yield return new NpgsqlBatchCommand($"""
            INSERT INTO {_schema}.mt_events (seq_id, id, stream_id, version, data, type, mt_dotnet_type, tenant_id)
            SELECT nextval('{_schema}.mt_events_sequence'), e.id, e.stream_id, 1, e.data, $4, $5, $6
            FROM unnest($1::uuid[], $2::varchar[], $3::jsonb[]) WITH ORDINALITY AS e(id, stream_id, data, n)
            ORDER BY e.n
            """)
        {
            Parameters =
            {
                new() { Value = starts.Select(_ => Guid.CreateVersion7()).ToArray() },
                new() { Value = streams },
                new() { Value = starts.Select(s => serializer.ToJson(s.Event)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb },
                new() { Value = mapping.EventTypeName },
                new() { Value = mapping.DotNetTypeName },
                new() { Value = StorageConstants.DefaultTenantId },
            },
        };

        if (events.UseListenNotifyForEventAppends && TakeWake())
            yield return new NpgsqlBatchCommand("SELECT pg_notify($1, '')")
            {
                Parameters = { new() { Value = PostgresqlListenWakeup.DefaultChannel } },
            };
    }

    // One caller per interval wins the wake-up; the others leave theirs to the daemon's polling.
    private bool TakeWake()
    {
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastWake);
        return now - last >= (long)WakeInterval.TotalMilliseconds && Interlocked.CompareExchange(ref _lastWake, now, last) == last;
    }
}
