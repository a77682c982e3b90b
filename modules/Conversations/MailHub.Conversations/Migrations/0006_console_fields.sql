-- What the agent console lists and filters by (ConversationListProjection keeps them, a rebuild replays them):
-- tags and priority set by agents, the time a snoozed conversation wakes, the customer's oldest unanswered message
-- (waiting_since: "waiting longest" sorts on it) and, for a conversation merged into another, the survivor.
ALTER TABLE conversations
    ADD COLUMN tags text[] NOT NULL DEFAULT '{}',
    ADD COLUMN priority text NOT NULL DEFAULT 'normal',
    ADD COLUMN snoozed_until timestamptz,
    ADD COLUMN waiting_since timestamptz,
    ADD COLUMN merged_into uuid;

-- The sort key of "waiting longest": conversations nobody waits on go last (a keyset cursor needs a value, not NULL).
ALTER TABLE conversations ADD COLUMN waiting_order timestamptz
    GENERATED ALWAYS AS (coalesce(waiting_since, '9999-12-31 00:00:00+00'::timestamptz)) STORED;

CREATE INDEX conversations_tags ON conversations USING gin (tags);
CREATE INDEX conversations_status_waiting ON conversations (status, waiting_order, id);
-- Each node's snooze alarm asks for the due ones.
CREATE INDEX conversations_snoozed_until ON conversations (snoozed_until) WHERE status = 'snoozed';
CREATE INDEX conversations_merged_into ON conversations (merged_into) WHERE merged_into IS NOT NULL;

-- Conversations from before: waiting since their first customer message after our last reply (none if we answered last).
UPDATE conversations AS c
SET waiting_since = w.first_unanswered
FROM (
    SELECT m.conversation_id, min(m.sent_at) AS first_unanswered
    FROM messages AS m
    WHERE m.direction = 'inbound' AND NOT m.automatic
      AND m.seq > coalesce((SELECT max(r.seq) FROM messages AS r WHERE r.conversation_id = m.conversation_id AND r.direction = 'outbound'), 0)
    GROUP BY m.conversation_id
) AS w
WHERE c.id = w.conversation_id AND c.status <> 'closed';
ANALYZE conversations;
