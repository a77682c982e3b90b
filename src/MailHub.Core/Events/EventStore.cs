using Npgsql;
using NpgsqlTypes;

namespace MailHub.Core.Events;

/// <summary>
/// Event streams in PostgreSQL (schema <c>core</c>). Appends are checked against the stream's
/// expected version; a lost race is a <see cref="ConcurrencyException"/>, never an overwrite.
/// </summary>
public sealed class EventStore(NpgsqlDataSource dataSource)
{
    /// <summary>The channel on which an append notifies subscribers on every node (sent on commit).</summary>
    public const string NotifyChannel = "mailhub_events";

    /// <summary>Appends in a transaction of its own. Returns the stream's new version.</summary>
    public async Task<long> AppendAsync(string streamId, long expectedVersion, IReadOnlyList<EventData> events,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var version = await AppendAsync(transaction, streamId, expectedVersion, events, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return version;
    }

    /// <summary>
    /// Appends inside the caller's transaction, so events commit or roll back with the caller's own
    /// changes (the outbox rule: an integration event is stored with the change that causes it).
    /// </summary>
    public static async Task<long> AppendAsync(NpgsqlTransaction transaction, string streamId, long expectedVersion,
        IReadOnlyList<EventData> events, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(expectedVersion, ExpectedVersion.Any);
        if (events.Count == 0)
            throw new ArgumentException("Nothing to append.", nameof(events));
        var connection = transaction.Connection!;
        var count = events.Count;

        var sql = expectedVersion switch
        {
            ExpectedVersion.Any => """
                INSERT INTO core.streams (stream_id, version) VALUES ($1, $2)
                ON CONFLICT (stream_id) DO UPDATE SET version = streams.version + $2 RETURNING version
                """,
            ExpectedVersion.NoStream => "INSERT INTO core.streams (stream_id, version) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING version",
            _ => "UPDATE core.streams SET version = version + $2 WHERE stream_id = $1 AND version = $3 RETURNING version",
        };
        long newVersion;
        await using (var bump = new NpgsqlCommand(sql, connection, transaction))
        {
            bump.Parameters.Add(new() { Value = streamId });
            bump.Parameters.Add(new() { Value = (long)count });
            if (expectedVersion > 0)
                bump.Parameters.Add(new() { Value = expectedVersion });
            var result = await ExecuteMappingConflicts(() => bump.ExecuteScalarAsync(cancellationToken), streamId, expectedVersion);
            newVersion = result as long? ?? throw new ConcurrencyException(streamId, expectedVersion);
        }

        await using var insert = new NpgsqlCommand("""
            WITH inserted AS (
                INSERT INTO core.events (stream_id, version, type, data, metadata)
                SELECT $1, $2 + e.n, e.type, e.data::jsonb, e.metadata::jsonb
                FROM unnest($3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS e(type, data, metadata, n)
                RETURNING 1)
            SELECT pg_notify('mailhub_events', '') FROM (SELECT 1 FROM inserted LIMIT 1) AS any_row;
            """, connection, transaction);
        insert.Parameters.Add(new() { Value = streamId });
        insert.Parameters.Add(new() { Value = newVersion - count });
        insert.Parameters.Add(new() { Value = events.Select(e => e.Type).ToArray() });
        insert.Parameters.Add(new() { Value = events.Select(e => e.Data).ToArray() });
        insert.Parameters.Add(new() { Value = events.Select(e => e.Metadata).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await ExecuteMappingConflicts(() => insert.ExecuteNonQueryAsync(cancellationToken), streamId, expectedVersion);
        return newVersion;
    }

    /// <summary>
    /// Starts many new streams, each with one first event, inside the caller's transaction in one
    /// statement: for writers that store many things per transaction (group commit). Like
    /// <see cref="ExpectedVersion.NoStream"/>, a stream that exists already is a <see cref="ConcurrencyException"/>.
    /// </summary>
    public static async Task AppendToNewStreamsAsync(NpgsqlTransaction transaction,
        IReadOnlyList<(string StreamId, EventData Event)> streams, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(streams);
        if (streams.Count == 0)
            return;
        await using var insert = new NpgsqlCommand(NewStreamsSql, transaction.Connection, transaction);
        insert.Parameters.AddRange(NewStreamsParameters(streams));
        // A stream that existed makes its event collide on (stream_id, version): a unique violation.
        var created = await ExecuteMappingConflicts(() => insert.ExecuteScalarAsync(cancellationToken), streams[0].StreamId, ExpectedVersion.NoStream);
        if (created is long count && count != streams.Count)
            throw new ConcurrencyException(streams[0].StreamId, ExpectedVersion.NoStream);
    }

    /// <summary>
    /// <see cref="AppendToNewStreamsAsync"/> as one command of the caller's <see cref="NpgsqlBatch"/>, so a
    /// writer can store its rows and their events in one round trip. A stream that exists already fails the
    /// batch with a unique violation (<see cref="PostgresErrorCodes.UniqueViolation"/>).
    /// </summary>
    public static NpgsqlBatchCommand AppendToNewStreamsCommand(IReadOnlyList<(string StreamId, EventData Event)> streams)
    {
        ArgumentNullException.ThrowIfNull(streams);
        var command = new NpgsqlBatchCommand(NewStreamsSql);
        command.Parameters.AddRange(NewStreamsParameters(streams));
        return command;
    }

    private const string NewStreamsSql = """
        WITH new_streams AS (
            INSERT INTO core.streams (stream_id, version) SELECT s, 1 FROM unnest($1::text[]) AS s
            ON CONFLICT DO NOTHING RETURNING 1),
        inserted AS (
            INSERT INTO core.events (stream_id, version, type, data, metadata)
            SELECT e.stream_id, 1, e.type, e.data::jsonb, e.metadata::jsonb
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS e(stream_id, type, data, metadata, n)
            ORDER BY e.n
            RETURNING 1)
        SELECT (SELECT count(*) FROM new_streams), pg_notify('mailhub_events', '') FROM (SELECT 1 FROM inserted LIMIT 1) AS any_row;
        """;

    private static NpgsqlParameter[] NewStreamsParameters(IReadOnlyList<(string StreamId, EventData Event)> streams) =>
    [
        new() { Value = streams.Select(s => s.StreamId).ToArray() },
        new() { Value = streams.Select(s => s.Event.Type).ToArray() },
        new() { Value = streams.Select(s => s.Event.Data).ToArray() },
        new() { Value = streams.Select(s => s.Event.Metadata).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
    ];

    /// <summary>The events of one stream in order, from a version on (1 is the first event).</summary>
    public async Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(string streamId, long fromVersion = 1,
        CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM core.events WHERE stream_id = $1 AND version >= $2 ORDER BY version");
        command.Parameters.Add(new() { Value = streamId });
        command.Parameters.Add(new() { Value = fromVersion });
        return await ReadEventsAsync(command, cancellationToken);
    }

    /// <summary>
    /// Events after a position in global order, only up to the oldest transaction still running:
    /// an event committed later always sorts after everything returned here, so nothing is skipped.
    /// </summary>
    public async Task<IReadOnlyList<RecordedEvent>> ReadAllAsync(GlobalPosition after, int maxCount = 500,
        CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {Columns} FROM core.events
            WHERE (transaction_id, position) > ($1::xid8, $2)
              AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
            ORDER BY events.transaction_id, events.position
            LIMIT $3
            """);
        command.Parameters.Add(new() { Value = after.TransactionId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        command.Parameters.Add(new() { Value = after.Sequence });
        command.Parameters.Add(new() { Value = maxCount });
        return await ReadEventsAsync(command, cancellationToken);
    }

    /// <summary>
    /// Like <see cref="ReadAllAsync(GlobalPosition, int, CancellationToken)"/>, for a reader of a few event
    /// types: it reads a window of up to <paramref name="maxCount"/> events of any type and returns those of
    /// <paramref name="types"/>, with where the window ended, so the reader moves past the others without
    /// their bodies being converted or sent.
    /// </summary>
    public async Task<EventPage> ReadAllAsync(GlobalPosition after, IReadOnlyCollection<string> types, int maxCount = 500,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(types);
        await using var command = dataSource.CreateCommand("""
            WITH page AS (
                SELECT * FROM core.events
                WHERE (transaction_id, position) > ($1::xid8, $2)
                  AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
                ORDER BY events.transaction_id, events.position
                LIMIT $3)
            SELECT stream_id, version, transaction_id::text, position, type,
                   CASE WHEN type = ANY($4) THEN data::text END, CASE WHEN type = ANY($4) THEN metadata::text END, created_at
            FROM page ORDER BY page.transaction_id, page.position
            """);
        command.Parameters.Add(new() { Value = after.TransactionId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        command.Parameters.Add(new() { Value = after.Sequence });
        command.Parameters.Add(new() { Value = maxCount });
        command.Parameters.Add(new() { Value = types.ToArray() });

        var events = new List<RecordedEvent>();
        var end = after;
        var scanned = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            scanned++;
            end = new GlobalPosition(ulong.Parse(reader.GetString(2), System.Globalization.CultureInfo.InvariantCulture), reader.GetInt64(3));
            if (reader.IsDBNull(5))
                continue; // a type the reader does not want
            events.Add(new RecordedEvent(reader.GetString(0), reader.GetInt64(1), end, reader.GetString(4), reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7)));
        }
        return new EventPage(events, end, scanned);
    }

    /// <summary>
    /// Every event of the streams whose id starts with <paramref name="streamPrefix"/>, stream by stream in version
    /// order, read in the caller's transaction: a read-model rebuild reads them while its lock holds the writers back.
    /// </summary>
    public static async IAsyncEnumerable<RecordedEvent> ReadStreamsAsync(NpgsqlTransaction transaction, string streamPrefix,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {Columns} FROM core.events WHERE starts_with(stream_id, $1) ORDER BY stream_id, version", transaction.Connection, transaction);
        command.Parameters.Add(new() { Value = streamPrefix });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return Read(reader);
    }

    private const string Columns = "stream_id, version, transaction_id::text AS transaction_text, position, type, data::text, metadata::text, created_at";

    private static async Task<IReadOnlyList<RecordedEvent>> ReadEventsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var events = new List<RecordedEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            events.Add(Read(reader));
        return events;
    }

    private static RecordedEvent Read(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetInt64(1),
        new GlobalPosition(ulong.Parse(reader.GetString(2), System.Globalization.CultureInfo.InvariantCulture), reader.GetInt64(3)),
        reader.GetString(4),
        reader.GetString(5),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.GetFieldValue<DateTimeOffset>(7));

    private static async Task<T> ExecuteMappingConflicts<T>(Func<Task<T>> action, string streamId, long expectedVersion)
    {
        try
        {
            return await action();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new ConcurrencyException(streamId, expectedVersion);
        }
    }
}
