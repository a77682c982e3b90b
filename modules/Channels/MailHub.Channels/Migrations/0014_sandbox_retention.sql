-- Retention of captured mail (Sandbox/Retention): one row, the policy as PUT /api/sandbox/retention took it (jsonb);
-- the background sweep deletes what is past it.
CREATE TABLE sandbox_retention (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    policy jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
