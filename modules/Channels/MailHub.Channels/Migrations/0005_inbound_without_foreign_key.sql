-- inbound_messages.sha256 -> raw_messages: the two writers (the SMTP listener's batch writer and the
-- mailbox sync) insert the raw row first in the same transaction, and raw content is never deleted.
-- The foreign key's check cost a locking lookup and its WAL record for every stored message, the
-- largest single cost of the inbound insert (about half of its time in pg_stat_statements); the
-- writers keep the invariant instead, and the SMTP and sync tests read stored content back (/raw).
ALTER TABLE inbound_messages DROP CONSTRAINT IF EXISTS inbound_messages_sha256_fkey;
