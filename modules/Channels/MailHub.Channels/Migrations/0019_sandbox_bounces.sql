-- "Accept, then bounce" reports of the sandbox's failure injection (Sandbox/Chaos/SandboxBounces): the report is built and
-- written here in the capture's transaction, so a node that stops before it is due loses nothing; any node's loop delivers
-- it into the sending mailbox when due and deletes the row in the same transaction as the delivery.
CREATE TABLE sandbox_bounces (
    id uuid PRIMARY KEY,
    mailbox_id uuid NOT NULL,
    outbox_id uuid NOT NULL,
    recipient text NOT NULL,
    status text NOT NULL,
    content bytea NOT NULL,
    due_at timestamptz NOT NULL,
    attempts int NOT NULL DEFAULT 0,
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sandbox_bounces_due ON sandbox_bounces (due_at);
