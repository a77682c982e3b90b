-- Connected company mailboxes. Everything but the secrets is in config (jsonb, the shape of
-- Mailboxes/MailboxConfig.cs); secrets are Data Protection payloads, never plain text.
CREATE TABLE mailboxes (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    address text NOT NULL,
    display_name text,
    provider text NOT NULL,
    protocol text NOT NULL,
    enabled boolean NOT NULL DEFAULT true,
    config jsonb NOT NULL,
    inbound_secret text,
    outbound_secret text,
    status text NOT NULL,
    status_message text,
    last_success_at timestamptz,
    test_message_id text,
    verified_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX mailboxes_address ON mailboxes (lower(address));

-- One sync worker per mailbox across all nodes: the node holding an unexpired lease runs it.
CREATE TABLE sync_leases (
    mailbox_id uuid PRIMARY KEY,
    node text NOT NULL,
    expires_at timestamptz NOT NULL
);

-- IMAP checkpoints: the last UID stored per folder, valid while UIDVALIDITY stays the same.
CREATE TABLE sync_folders (
    mailbox_id uuid NOT NULL,
    folder text NOT NULL,
    uid_validity bigint NOT NULL,
    last_uid bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (mailbox_id, folder)
);

-- POP3: the UIDLs already taken (or skipped by the first import), with when they were first seen.
CREATE TABLE sync_pop3_uidls (
    mailbox_id uuid NOT NULL,
    uidl text NOT NULL,
    first_seen_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (mailbox_id, uidl)
);

-- Sync stores a message and then its checkpoint; a crash in between re-fetches, and this finds it.
CREATE INDEX inbound_messages_mailbox_message_id ON inbound_messages (mailbox_id, message_id) WHERE mailbox_id IS NOT NULL;
