-- Mail to send, stored before anything is sent; workers claim due rows with FOR UPDATE SKIP LOCKED.
CREATE TABLE outbox (
    id uuid PRIMARY KEY,
    mailbox_id uuid NOT NULL,
    message_id text NOT NULL,
    mail_from text NOT NULL,
    recipients text[] NOT NULL,
    content bytea NOT NULL,
    correlation_id text,
    -- queued → delivered | failed
    state text NOT NULL DEFAULT 'queued',
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    -- recipient → {"code", "text", "final"} from the last attempt that reached it
    recipient_results jsonb NOT NULL DEFAULT '{}',
    last_error text,
    captured boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    UNIQUE (mailbox_id, message_id)
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE state = 'queued';

-- What would have left the machine: outbound mail captured for QA (sandbox mailboxes, Capture=true).
CREATE TABLE sandbox_messages (
    id uuid PRIMARY KEY,
    captured_at timestamptz NOT NULL DEFAULT now(),
    mailbox_id uuid,
    outbox_id uuid,
    mail_from text NOT NULL,
    rcpt_to text[] NOT NULL,
    header_from text,
    header_to text,
    subject text,
    message_id text,
    in_reply_to text,
    size bigint NOT NULL,
    content bytea NOT NULL
);
CREATE INDEX sandbox_messages_newest ON sandbox_messages (captured_at DESC, id DESC);
CREATE UNIQUE INDEX sandbox_messages_outbox ON sandbox_messages (outbox_id) WHERE outbox_id IS NOT NULL;
