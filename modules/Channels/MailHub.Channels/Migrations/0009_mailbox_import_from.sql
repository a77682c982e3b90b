-- "Only mail that arrives from now on" counts from when the mailbox was created (or re-enabled after being
-- disabled), not from its first successful connection: mail that arrived while the first connections failed
-- (an authorization code not enabled yet, an outage, a typo fixed the next day) is still imported.
-- Mailboxes from before this column start from their creation.
ALTER TABLE mailboxes ADD COLUMN import_from timestamptz;
UPDATE mailboxes SET import_from = created_at;
ALTER TABLE mailboxes ALTER COLUMN import_from SET NOT NULL, ALTER COLUMN import_from SET DEFAULT now();

-- CONDSTORE (RFC 7162): the folder's HIGHESTMODSEQ at the last sync. Unchanged, nothing in the folder changed
-- (no new mail, flag or expunge) and the pass skips its UID SEARCH; with QRESYNC the next SELECT names the UIDs
-- expunged since. NULL where the server has no CONDSTORE.
ALTER TABLE sync_folders ADD COLUMN highest_modseq bigint;
