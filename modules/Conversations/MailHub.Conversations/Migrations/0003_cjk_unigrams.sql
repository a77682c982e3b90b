-- q= of one Chinese character (退, 票): neither the trigram index nor the bigram array of 0002 can serve it, so
-- it walked conversations_activity or the whole table, filtering every row with LIKE. The distinct CJK ideographs
-- of the search text, in a GIN array index beside the bigrams, answer it exactly: the character is a substring iff
-- it is one of these unigrams. Same ranges as cjk_bigrams (and ConversationQueries.IsCjkIdeograph).
CREATE FUNCTION cjk_unigrams(text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT c[1]), '{}')
    FROM regexp_matches($1, '[\u3400-\u9fff\uf900-\ufaff]', 'g') AS c
$$;

-- Generated like search_bigrams, so the writers (ReadModel) need no change; adding it rewrites the table once.
ALTER TABLE conversations ADD COLUMN search_unigrams text[] GENERATED ALWAYS AS (cjk_unigrams(search)) STORED;
CREATE INDEX conversations_search_unigrams ON conversations USING gin (search_unigrams);
-- Element frequencies for the planner: a common character (退) walks conversations_activity, a rare one the index.
ANALYZE conversations;
