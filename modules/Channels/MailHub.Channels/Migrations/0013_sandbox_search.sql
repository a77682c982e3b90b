-- The sandbox's search (Sandbox/Search): tags (plus-addressing, X-Tags, by hand), read/unread, has:attachment.
ALTER TABLE sandbox_messages
    ADD COLUMN tags text[] NOT NULL DEFAULT '{}',
    ADD COLUMN read_at timestamptz,
    ADD COLUMN has_attachments boolean NOT NULL DEFAULT false;
-- Captures from before: a rough reading of the stored bytes (new captures are read with MimeKit).
UPDATE sandbox_messages SET has_attachments = position('attachment;'::bytea IN content) > 0;
CREATE INDEX sandbox_messages_tags ON sandbox_messages USING gin (tags);
