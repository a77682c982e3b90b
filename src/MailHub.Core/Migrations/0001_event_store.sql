-- The event store. A stream's version is the number of events in it; core.streams holds the
-- current version so an append at an expected version is one conditional row update.
CREATE TABLE streams (
    stream_id text PRIMARY KEY,
    version bigint NOT NULL
);

-- Global order is (transaction_id, position): readers only read below the oldest transaction still
-- running (pg_snapshot_xmin), so an event that commits late can never sort before one already read.
CREATE TABLE events (
    position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
    stream_id text NOT NULL,
    version bigint NOT NULL,
    type text NOT NULL,
    data jsonb NOT NULL,
    metadata jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (stream_id, version)
);
CREATE INDEX events_global_order ON events (transaction_id, position);

CREATE TABLE subscriptions (
    name text PRIMARY KEY,
    transaction_id xid8 NOT NULL,
    position bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
