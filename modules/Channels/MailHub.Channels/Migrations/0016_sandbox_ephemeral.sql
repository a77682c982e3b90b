-- Ephemeral sandbox mailboxes (Sandbox/Ephemeral): made for one test run, deleted with their captured mail when they expire.
CREATE TABLE sandbox_ephemeral (
    mailbox_id uuid PRIMARY KEY,
    expires_at timestamptz NOT NULL
);
CREATE INDEX sandbox_ephemeral_expiry ON sandbox_ephemeral (expires_at);
