-- q= that names a sender (schmidt, wang.fang) matches a few percent of conversations: too rare to fill a page
-- among the newest 300 (ConversationQueries.ListAsync), common enough that rechecking every trigram candidate
-- against the whole search text (up to 4,000 characters, compressed, sometimes out of line) took 35-50 ms.
-- The head of that text (subject, customer name and address) gets its own short column and trigram index; the
-- list asks "search_head LIKE p OR search LIKE p", which finds the same rows (search begins with the head) but
-- stops at the short column for a row the head matches, never reading the long text.
-- Generated, so every write of the subject or customer keeps it current without a change to the writers.
ALTER TABLE conversations ADD COLUMN search_head text
    GENERATED ALWAYS AS (lower(subject || ' ' || customer_name || ' ' || customer_email)) STORED;

DO $$
BEGIN
    CREATE INDEX conversations_search_head ON conversations USING gin (search_head public.gin_trgm_ops);
EXCEPTION WHEN undefined_object OR undefined_function THEN
    RAISE NOTICE 'pg_trgm is not available: the search head has no index';
END $$;
ANALYZE conversations;
