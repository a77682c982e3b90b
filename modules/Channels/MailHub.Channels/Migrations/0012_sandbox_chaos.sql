-- The QA sandbox's failure injection (Sandbox/Chaos): one row, the rules as PUT /api/sandbox/chaos took them (jsonb array).
-- Every node reads it into memory (SandboxChaos) and asks that copy on each SMTP stage and each capture.
CREATE TABLE sandbox_chaos (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    rules jsonb NOT NULL DEFAULT '[]',
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text
);
