-- Several mailboxes in rotation: a campaign names 1..N mailboxes (mailbox_id stays the first, for lists and old rows);
-- each recipient records the mailbox its message went through (its From and Message-ID domain), which the mailbox's
-- pace grain reads back when it is activated anew.
ALTER TABLE campaigns ADD COLUMN mailbox_ids uuid[];
UPDATE campaigns SET mailbox_ids = ARRAY[mailbox_id];
ALTER TABLE campaigns ALTER COLUMN mailbox_ids SET NOT NULL;
ALTER TABLE recipients ADD COLUMN mailbox_id uuid;
CREATE INDEX recipients_mailbox_enqueued ON recipients (mailbox_id, enqueued_at) WHERE enqueued_at IS NOT NULL;
