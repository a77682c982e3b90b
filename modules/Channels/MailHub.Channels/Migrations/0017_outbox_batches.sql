-- Bulk mail (campaigns) waits behind everything else that is due: an agent's reply is claimed first.
ALTER TABLE outbox ADD COLUMN bulk boolean NOT NULL DEFAULT false;
CREATE INDEX outbox_due_first ON outbox (bulk, next_attempt_at) WHERE state = 'queued';
DROP INDEX outbox_due;

-- What the server answered for a message sent in a batch, written (and committed) on its own as soon as the answer came,
-- while the batch's rows stay locked by the worker's transaction. That transaction records the rows and their events and
-- deletes these lines; a worker that died before its commit leaves them, and whoever claims the row next records the
-- answer instead of sending the message again (docs/ARCHITECTURE.md, Outbound mail). No foreign key: the row is locked
-- FOR UPDATE by then, which a key check (FOR KEY SHARE) would wait for.
CREATE TABLE outbox_answers (
    outbox_id uuid NOT NULL,
    attempt integer NOT NULL,
    -- the row's recipient_results after the answer
    recipient_results jsonb NOT NULL,
    answered_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (outbox_id, attempt)
);
