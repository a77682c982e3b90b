-- Members and departments pushed by an external source of truth (PUT /api/directory/sync/{source}) keep the source's
-- name and their id there, so the next push finds them again; null for those made in the console or by an import.
ALTER TABLE members ADD COLUMN source text, ADD COLUMN external_id text;
CREATE UNIQUE INDEX members_source_id ON members (source, external_id) WHERE source IS NOT NULL;
ALTER TABLE departments ADD COLUMN source text, ADD COLUMN external_id text,
    -- a department missing from a full sync is deactivated, not deleted: its members' conversations keep their team
    ADD COLUMN active boolean NOT NULL DEFAULT true;
CREATE UNIQUE INDEX departments_source_id ON departments (source, external_id) WHERE source IS NOT NULL;

-- A source and its API token (only a SHA-256 of it is kept; the token is shown once), with what its last push did.
CREATE TABLE sync_sources (
    name text PRIMARY KEY,
    token_hash bytea NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_run_at timestamptz,
    last_mode text,
    last_created int,
    last_updated int,
    last_deactivated int,
    last_unchanged int
);

-- Address suggestions rank a customer by how recently and how often they wrote: kept beside the customer by
-- CustomerConversationsProjection, so a ranking over thousands of matches reads no conversation rows.
ALTER TABLE customers ADD COLUMN last_conversation_at timestamptz, ADD COLUMN conversation_count int NOT NULL DEFAULT 0;
UPDATE customers c SET last_conversation_at = s.last_at, conversation_count = s.n
FROM (SELECT customer_id, max(opened_at) AS last_at, count(*) AS n FROM customer_conversations GROUP BY customer_id) s
WHERE s.customer_id = c.id;

-- Addresses match by prefix (a btree serves LIKE 'abc%' under text_pattern_ops), names by substring in any script
-- (a trigram index serves LIKE '%张%' for three characters or more; shorter ones scan the column).
CREATE INDEX contacts_email_prefix ON contacts (lower(email) text_pattern_ops);
CREATE INDEX members_email_prefix ON members (lower(email) text_pattern_ops);
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
    CREATE INDEX customers_name_trgm ON customers USING gin (lower(name) public.gin_trgm_ops);
    CREATE INDEX contacts_display_name_trgm ON contacts USING gin (lower(display_name) public.gin_trgm_ops);
EXCEPTION WHEN undefined_file OR insufficient_privilege OR feature_not_supported OR undefined_object THEN
    RAISE NOTICE 'pg_trgm is not available: address suggestions match names without an index';
END $$;
