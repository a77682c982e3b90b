-- Address suggestions without reading every match (issue 19: p95 under 50 ms with 100,000 customers).
--
-- Names match anywhere, and one or two characters (王, 梅梅) are what agents type first, which trigrams cannot serve:
-- a GIN index over each name's characters, lower-cased, answers them (string_to_array(s, NULL) splits into characters;
-- it is built in and cheap, which matters when a plan checks it row by row); longer queries keep the trigram indexes
-- of migration 0004. fastupdate off: new customers are few (a new sender's first mail), and a lookup must not scan a
-- pending list of up to 4 MB for every keystroke.
CREATE INDEX customers_name_chars ON customers USING gin (string_to_array(lower(name), NULL)) WITH (fastupdate = off);
CREATE INDEX contacts_display_name_chars ON contacts USING gin (string_to_array(lower(display_name), NULL)) WITH (fastupdate = off);
-- Members too (an organization of thousands): by name the same ways, by account from its start.
CREATE INDEX members_name_chars ON members USING gin (string_to_array(lower(name), NULL)) WITH (fastupdate = off);
CREATE INDEX members_account_prefix ON members (lower(account) text_pattern_ops);
DO $$
BEGIN
    CREATE INDEX members_name_trgm ON members USING gin (lower(name) public.gin_trgm_ops);
EXCEPTION WHEN undefined_file OR insufficient_privilege OR feature_not_supported OR undefined_object THEN
    RAISE NOTICE 'pg_trgm is not available: members are matched by name without an index';
END $$;

-- Customers in the order suggestions rank them (the more conversations, the later the last), so a query that matches
-- thousands (王, wang) reads them best first and stops at the limit instead of sorting them all.
CREATE INDEX customers_rank ON customers (conversation_count DESC, last_conversation_at DESC NULLS LAST, id DESC);

-- What a source's last push changed, for the console's list of sources: the first changes (kind, the source's id, name,
-- change) and how many there were in all.
ALTER TABLE sync_sources ADD COLUMN last_changes jsonb NOT NULL DEFAULT '[]', ADD COLUMN last_change_count int NOT NULL DEFAULT 0;
