-- Read models of the conversation streams (conversation-{id}), kept in the same transaction as each
-- append, so a list read right after an API call already shows the change.

-- Conversation numbers: one sequence for the installation, shown to customers as [#1234].
CREATE SEQUENCE conversation_numbers START 1000;

CREATE TABLE conversations (
    id uuid PRIMARY KEY,
    number bigint NOT NULL UNIQUE,
    mailbox_id uuid NOT NULL,
    customer_id uuid NOT NULL,
    customer_name text NOT NULL,
    customer_email text NOT NULL,
    subject text NOT NULL,
    status text NOT NULL,
    reply_token text NOT NULL UNIQUE,
    assignee_id uuid,
    assignee_name text,
    team_id uuid,
    team_name text,
    opened_at timestamptz NOT NULL,
    closed_at timestamptz,
    last_message_at timestamptz NOT NULL,
    message_count int NOT NULL DEFAULT 0,
    -- Subject, sender and message texts, lower-cased and capped, for q= searches (trigram index below).
    search text NOT NULL DEFAULT ''
);
CREATE INDEX conversations_activity ON conversations (last_message_at DESC, id DESC);
CREATE INDEX conversations_status_activity ON conversations (status, last_message_at DESC, id DESC);
CREATE INDEX conversations_assignee_activity ON conversations (assignee_id, last_message_at DESC, id DESC);
CREATE INDEX conversations_mailbox_number ON conversations (mailbox_id, number);

-- Every message of a conversation: inbound mail, our replies, internal notes.
CREATE TABLE messages (
    id uuid PRIMARY KEY,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    conversation_id uuid NOT NULL REFERENCES conversations (id),
    mailbox_id uuid NOT NULL,
    direction text NOT NULL,
    inbound_message_id uuid UNIQUE,
    sha256 text,
    rfc_message_id text,
    in_reply_to text,
    references_ids text,
    reply_to text,
    from_address text,
    from_name text,
    to_addresses text,
    cc_addresses text,
    subject text,
    text_body text,
    html_body text,
    sent_at timestamptz NOT NULL,
    automatic boolean NOT NULL DEFAULT false,
    author_id uuid,
    delivery_state text,
    delivery_detail text,
    outbound_id uuid,
    raw bytea,
    attachments jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX messages_conversation ON messages (conversation_id, seq);
CREATE INDEX messages_mailbox_message_id ON messages (mailbox_id, rfc_message_id) WHERE rfc_message_id IS NOT NULL;

-- Files uploaded for replies, referenced by id in POST .../replies.
CREATE TABLE uploads (
    id uuid PRIMARY KEY,
    file_name text NOT NULL,
    content_type text NOT NULL,
    size bigint NOT NULL,
    content bytea NOT NULL,
    uploaded_by uuid NOT NULL,
    uploaded_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE templates (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    text_body text NOT NULL,
    html_body text,
    updated_by uuid NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Substring search in any script (Chinese has no word breaks): a trigram index serves ILIKE '%...%'.
-- pg_trgm ships with PostgreSQL's contrib; without it searches still work, only slower.
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
    CREATE INDEX conversations_search ON conversations USING gin (search public.gin_trgm_ops);
EXCEPTION WHEN undefined_file OR insufficient_privilege OR feature_not_supported THEN
    RAISE NOTICE 'pg_trgm is not available: conversation search runs without an index';
END $$;
