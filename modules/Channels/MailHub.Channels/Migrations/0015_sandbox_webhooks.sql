-- Webhooks of the QA sandbox (Sandbox/Webhooks): where to POST captured and received mail, and every delivery with its attempts.
CREATE TABLE sandbox_webhooks (
    id uuid PRIMARY KEY,
    url text NOT NULL,
    secret text NOT NULL,            -- Data Protection payload: the HMAC key is never stored or answered in plain text
    events text[] NOT NULL,
    enabled boolean NOT NULL DEFAULT true,
    disabled_reason text,
    failures_in_a_row int NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sandbox_webhook_deliveries (
    id uuid PRIMARY KEY,
    webhook_id uuid NOT NULL REFERENCES sandbox_webhooks (id) ON DELETE CASCADE,
    event text NOT NULL,
    payload text NOT NULL,
    state text NOT NULL DEFAULT 'pending',  -- pending, delivered, failed
    attempts int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_status int,
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);
CREATE INDEX sandbox_webhook_deliveries_due ON sandbox_webhook_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX sandbox_webhook_deliveries_log ON sandbox_webhook_deliveries (webhook_id, created_at DESC);
