-- The list shows the start of the latest mail under the subject, without the quote below it (notes are internal:
-- never in it). Filled by the list projection (ConversationListProjection.PreviewOf, the same expression) from this
-- version; existing rows get theirs here (a rebuild would give the same).
ALTER TABLE conversations ADD COLUMN preview text;

UPDATE conversations AS c
SET preview = latest.preview
FROM (
    SELECT DISTINCT ON (conversation_id) conversation_id,
           left(btrim(regexp_replace(
               regexp_replace(regexp_replace(regexp_replace(coalesce(text_body, ''),
                   '\n[ \t]*(-{2,}[ \t]*(original message|原始邮件|原始郵件|回复的原邮件|原邮件)|_{10,}\s*(from|发件人|寄件者)[ \t]*[:：]).*$', '', 'i'),
                   '\n[^\n]*(wrote|写道|寫道|schrieb|a écrit|escribió|ha scritto|skrev)[ \t]*[:：]{0,1}\s*>.*$', '', 'i'),
                   '\n[ \t]*>.*$', ''),
               '\s+', ' ', 'g')), 200) AS preview
    FROM messages
    WHERE direction <> 'note' AND delivery_state IS DISTINCT FROM 'withdrawn'
    ORDER BY conversation_id, sent_at DESC, seq DESC
) AS latest
WHERE c.id = latest.conversation_id;
