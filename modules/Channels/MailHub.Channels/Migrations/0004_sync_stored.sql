-- IMAP messages the sync has stored (committed in inbound_messages, or found there already), by folder,
-- UIDVALIDITY and UID, with when. "Delete on the server after N days" deletes only what is listed here,
-- N days after stored_at; a UID's row goes when the message is expunged or the folder's UIDVALIDITY changes.
CREATE TABLE sync_imap_stored (
    mailbox_id uuid NOT NULL,
    folder text NOT NULL,
    uid_validity bigint NOT NULL,
    uid bigint NOT NULL,
    stored_at timestamptz NOT NULL,
    PRIMARY KEY (mailbox_id, folder, uid_validity, uid)
);
CREATE INDEX sync_imap_stored_due ON sync_imap_stored (mailbox_id, folder, stored_at);

-- POP3: when the message of a UIDL was stored. NULL: seen but never stored (left on the server by a first
-- import of new mail only, or older than a first import of recent mail), so never deleted by MailHub.
-- UIDLs recorded before this column cannot tell, and are treated as not stored.
ALTER TABLE sync_pop3_uidls ADD COLUMN stored_at timestamptz;
