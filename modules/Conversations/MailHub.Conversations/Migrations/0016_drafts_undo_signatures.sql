-- What an agent is writing in a conversation, saved as they type (PUT /api/conversations/{id}/draft): one per agent.
CREATE TABLE drafts (
    conversation_id uuid NOT NULL,
    agent_id uuid NOT NULL,
    content jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (conversation_id, agent_id)
);

-- Idempotency-Key of POST .../replies and .../forwards: a retry with the same key answers the first reply.
CREATE TABLE reply_keys (
    agent_id uuid NOT NULL,
    key text NOT NULL,
    conversation_id uuid NOT NULL,
    message_id uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (agent_id, key)
);

-- A reply as the agent composed it (the draft it came from), given back as the draft when they undo it, and when
-- the outbox may send it (the undo window's end).
ALTER TABLE messages ADD COLUMN composed jsonb;
ALTER TABLE messages ADD COLUMN undo_until timestamptz;

-- Signatures the composer puts below a reply: a mailbox's (set by admins) and an agent's own.
CREATE TABLE signatures (
    owner_kind text NOT NULL, -- mailbox | agent
    owner_id uuid NOT NULL,
    text_body text NOT NULL,
    html_body text,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (owner_kind, owner_id)
);
