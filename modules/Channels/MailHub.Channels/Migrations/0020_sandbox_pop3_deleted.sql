-- POP3 (Sandbox/Pop3) serves a sandbox mailbox's received mail next to its captured mail. DELE of a received message takes it
-- out of that mailbox's POP3 maildrop only: the message stays in MailHub, where its conversation is made of it.
CREATE TABLE sandbox_pop3_deleted (
    mailbox_id uuid NOT NULL,
    message_id uuid NOT NULL,
    deleted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (mailbox_id, message_id)
);
