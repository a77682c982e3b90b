-- Events live in Marten's tables (schema events) since this version, subscriptions' progress too. Marten's
-- schema is created before migrations run (MigrateMailHubDatabaseAsync), so the home-made store's events
-- are carried over here: in their global order (transaction, position) as Marten's sequence, each stream at
-- its version, and each subscription resuming after the last event its checkpoint covered.
DO $$
BEGIN
    IF to_regclass('events.mt_events') IS NULL THEN
        IF EXISTS (SELECT 1 FROM events) THEN
            RAISE EXCEPTION 'core.events holds events but Marten''s event store (schema events) does not exist yet';
        END IF;
        RETURN;
    END IF;

    INSERT INTO events.mt_streams (id, version, timestamp, created)
    SELECT s.stream_id, s.version, coalesce(e.last_at, now()), coalesce(e.first_at, now())
    FROM streams s
    LEFT JOIN (SELECT stream_id, min(created_at) AS first_at, max(created_at) AS last_at FROM events GROUP BY stream_id) e
        ON e.stream_id = s.stream_id;

    INSERT INTO events.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, is_archived)
    SELECT row_number() OVER (ORDER BY transaction_id, position), gen_random_uuid(), stream_id, version, data, type, created_at,
           '*DEFAULT*', false
    FROM events;

    IF EXISTS (SELECT 1 FROM events.mt_events) THEN
        PERFORM setval('events.mt_events_sequence', (SELECT max(seq_id) FROM events.mt_events));
    END IF;

    -- A Marten subscription's progress is the row '<name>:All'.
    INSERT INTO events.mt_event_progression (name, last_seq_id, last_updated)
    SELECT s.name || ':All', (SELECT count(*) FROM events e WHERE (e.transaction_id, e.position) <= (s.transaction_id, s.position)), now()
    FROM subscriptions s
    ON CONFLICT (name) DO UPDATE SET last_seq_id = EXCLUDED.last_seq_id, last_updated = EXCLUDED.last_updated;
END
$$;

DROP TABLE subscriptions;
DROP TABLE events;
DROP TABLE streams;
