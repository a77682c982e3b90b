-- The list shows the start of the latest mail under the subject (notes are internal: never in it). Filled by the
-- list projection from this version; existing rows get theirs here (a rebuild would give the same).
ALTER TABLE conversations ADD COLUMN preview text;

UPDATE conversations AS c
SET preview = latest.preview
FROM (
    SELECT DISTINCT ON (conversation_id) conversation_id,
           left(btrim(regexp_replace(coalesce(text_body, ''), '\s+', ' ', 'g')), 200) AS preview
    FROM messages
    WHERE direction <> 'note' AND delivery_state IS DISTINCT FROM 'withdrawn'
    ORDER BY conversation_id, sent_at DESC, seq DESC
) AS latest
WHERE c.id = latest.conversation_id;
