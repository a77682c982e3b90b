-- What the admin's mailbox list shows beside the status: how the sync waits for new mail ("idle": IMAP IDLE,
-- the server tells at once; "polling": it asks every MailHub:Sync:PollInterval; NULL before the first connection)
-- and how many messages the running pass found on the server and has still to import (0 when caught up).
ALTER TABLE mailboxes ADD COLUMN wait_mode text;
ALTER TABLE mailboxes ADD COLUMN backlog integer NOT NULL DEFAULT 0;
