-- One row per team (a directory department) that routing has picked agents for. Picking locks the
-- row, so round-robin's "last agent" is read and moved by one picker at a time.
CREATE TABLE teams (
    team_id uuid PRIMARY KEY,
    last_agent_id uuid,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Presence and capacity of agents (directory members); a member with no row is offline.
CREATE TABLE agents (
    agent_id uuid PRIMARY KEY,
    status text NOT NULL DEFAULT 'offline' CHECK (status IN ('online', 'away', 'offline')),
    capacity int NOT NULL DEFAULT 20 CHECK (capacity >= 0),
    status_changed_at timestamptz NOT NULL DEFAULT now(),
    last_assigned_at timestamptz
);

CREATE TABLE rules (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    sort_order int NOT NULL,
    conditions jsonb NOT NULL,
    team_id uuid,
    agent_id uuid,
    strategy text NOT NULL CHECK (strategy IN ('round-robin', 'least-open', 'manual')),
    enabled boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((team_id IS NULL) <> (agent_id IS NULL))
);

-- Who has each conversation. version counts the ConversationAssigned events in routing-{id}: a change
-- locks the row, bumps version and appends at the old version, so row and stream move together.
CREATE TABLE assignments (
    conversation_id uuid PRIMARY KEY,
    mailbox_id uuid NOT NULL,
    team_id uuid,
    agent_id uuid,
    state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
    strategy text NOT NULL DEFAULT 'round-robin',
    rule_id uuid,
    sender_address text NOT NULL,
    subject text NOT NULL,
    text_snippet text,
    language text,
    opened_at timestamptz NOT NULL,
    queued_at timestamptz,
    assigned_at timestamptz,
    version bigint NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assignments_queue ON assignments (team_id, opened_at) WHERE agent_id IS NULL AND state = 'open';
CREATE INDEX assignments_agent_open ON assignments (agent_id) WHERE state = 'open';

-- What agents were told (transfers, manual assignments), kept for a live stream that reconnects.
CREATE TABLE notifications (
    id uuid PRIMARY KEY,
    agent_id uuid NOT NULL,
    kind text NOT NULL,
    conversation_id uuid NOT NULL,
    from_member uuid,
    from_name text,
    note text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notifications_agent ON notifications (agent_id, created_at DESC);
