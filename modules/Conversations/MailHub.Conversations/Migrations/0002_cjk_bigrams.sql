-- q= of one or two Chinese characters (退款, 发票): the trigram index cannot serve them, since LIKE '%退款%' holds no
-- whole trigram, and a rare pair made the list walk most of the table (1.6 s at p95 on 100,000 conversations,
-- tools/bench/conversations-list.sh). The distinct pairs of adjacent CJK ideographs of the search text, in a GIN
-- array index, answer a two-character query exactly: the pair is a substring iff it is one of these bigrams.
-- (pg_bigm would do the same but is not in PostgreSQL's contrib; a recent-window scan would miss older mail.)
CREATE FUNCTION cjk_bigrams(text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT substr(run[1], i, 2)), '{}')
    FROM regexp_matches($1, '[\u3400-\u9fff\uf900-\ufaff]{2,}', 'g') AS run, generate_series(1, length(run[1]) - 1) AS i
$$;

-- Generated, so every write of search (ReadModel) keeps it current without a change to the writers.
ALTER TABLE conversations ADD COLUMN search_bigrams text[] GENERATED ALWAYS AS (cjk_bigrams(search)) STORED;
CREATE INDEX conversations_search_bigrams ON conversations USING gin (search_bigrams);
-- Element statistics of the new column, without which the planner guesses 0.5% for every pair and sorts 88,000
-- rows for a common one (退款: 467 ms) instead of walking conversations_activity (1 ms).
ANALYZE conversations;
