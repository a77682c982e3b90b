-- Message content exactly as the sender sent it (after the Received field we prepend, which belongs
-- to one delivery and lives on inbound_messages), stored once by SHA-256.
CREATE TABLE raw_messages (
    sha256 bytea PRIMARY KEY,
    size bigint NOT NULL,
    content bytea NOT NULL,
    stored_at timestamptz NOT NULL DEFAULT now()
);

-- lz4 costs far less CPU than the default pglz on the write path; not every build has it.
DO $$
BEGIN
    ALTER TABLE raw_messages ALTER COLUMN content SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'lz4 is not available; raw message content uses the default compression';
END $$;

-- One row per delivery: the envelope, our trace field, and a summary of the header.
CREATE TABLE inbound_messages (
    id uuid PRIMARY KEY,
    sha256 bytea NOT NULL REFERENCES raw_messages (sha256),
    received_at timestamptz NOT NULL,
    trace_header bytea NOT NULL,
    size bigint NOT NULL,
    smtp_id text NOT NULL,
    endpoint text NOT NULL,
    mail_from text NOT NULL,
    rcpt_to text[] NOT NULL,
    client_ip inet NOT NULL,
    helo_name text NOT NULL,
    tls_protocol text,
    authenticated_user text,
    mailbox_id uuid,
    header_from text,
    header_to text,
    subject text,
    message_id text,
    sent_at timestamptz,
    malformed boolean NOT NULL,
    problems text,
    -- A commit that lands after the client was told 451 is "unacknowledged": the client will send
    -- the message again, and that retry is matched on dedupe_key instead of stored a second time.
    dedupe_key bytea,
    unacknowledged boolean NOT NULL DEFAULT false
);
CREATE INDEX inbound_messages_newest ON inbound_messages (received_at DESC, id DESC);
CREATE INDEX inbound_messages_sha256 ON inbound_messages (sha256);
CREATE INDEX inbound_messages_mailbox ON inbound_messages (mailbox_id, received_at DESC) WHERE mailbox_id IS NOT NULL;
CREATE INDEX inbound_messages_unacknowledged ON inbound_messages (dedupe_key) WHERE unacknowledged;

-- Addresses ("sales@example.com") and whole domains ("example.com") that MailHub serves besides
-- MailHub:Smtp:AcceptDomains; mailboxes claim theirs. Stored lower-case.
CREATE TABLE claimed_addresses (
    pattern text PRIMARY KEY,
    mailbox_id uuid,
    claimed_at timestamptz NOT NULL DEFAULT now()
);

-- SMTP AUTH users besides those in MailHub:Smtp:RelayAccounts; passwords hashed by PasswordHasher.
CREATE TABLE relay_accounts (
    user_name text PRIMARY KEY,
    password_hash text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
