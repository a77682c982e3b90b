-- The conversation list (conversations) is a Marten projection from this version (ConversationListProjection): a
-- rebuild deletes its rows and replays the events. The messages are stored data that no event holds, so they no
-- longer point at the list's rows with a foreign key (which would forbid the delete, or take the mail with it).
ALTER TABLE messages DROP CONSTRAINT IF EXISTS messages_conversation_id_fkey;

-- ConversationOpened carries the customer's name and the reply token since this version: the list row needs them
-- and only the row had them. Older openings get them from their row, so a rebuild gives every row back as it was.
-- (A database the event store never ran on, as `mailhub seed` makes, has no events to complete.)
DO $$
BEGIN
    IF to_regclass('events.mt_events') IS NOT NULL THEN
        UPDATE events.mt_events AS e
        SET data = e.data || jsonb_build_object('customerName', c.customer_name, 'replyToken', c.reply_token)
        FROM conversations AS c
        WHERE e.type = 'ConversationOpened' AND c.id = (e.data ->> 'conversationId')::uuid AND NOT e.data ? 'replyToken';
    END IF;
END $$;
