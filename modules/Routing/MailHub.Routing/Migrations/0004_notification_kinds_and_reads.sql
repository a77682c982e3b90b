-- Notifications are no longer only assignments: kinds are what the agent is told of (assigned, transferred, mentioned,
-- bounced), and each is read or not. The old kinds were the assignment's: a transfer, or an assignment by hand. Those
-- recorded before count as read: no console showed them, and an agent's first look should not be a backlog.
UPDATE notifications SET kind = CASE kind WHEN 'transfer' THEN 'transferred' ELSE 'assigned' END;
ALTER TABLE notifications
    ADD CONSTRAINT notifications_kind CHECK (kind IN ('assigned', 'transferred', 'mentioned', 'bounced')),
    ADD COLUMN read_at timestamptz;
UPDATE notifications SET read_at = created_at;
CREATE INDEX notifications_unread ON notifications (agent_id) WHERE read_at IS NULL;
